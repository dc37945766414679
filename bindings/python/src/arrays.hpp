// Handing the engine's vectors to NumPy without copying them.
//
// The vector moves into a heap object owned by a capsule, and the capsule is
// the array's base: NumPy frees the vector when the last view of it goes
// (xarray and pandas keep such views). So an array from C++ has
// flags.owndata == False and a base that is not None.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace porttwin::bindings {

namespace py = pybind11;

/// `values` as an array of `shape` (C order), without a copy.
template <class T>
py::array adopt(std::vector<T>&& values, const std::vector<std::size_t>& shape) {
  auto owned = std::make_unique<std::vector<T>>(std::move(values));
  T* data = owned->data();
  // The capsule takes ownership only once it exists: if making it throws,
  // unique_ptr still frees the vector.
  py::capsule base(owned.get(), [](void* p) { delete static_cast<std::vector<T>*>(p); });
  owned.release();  // NOLINT(bugprone-unused-return-value): the capsule owns it now
  std::vector<py::ssize_t> dims;
  dims.reserve(shape.size());
  for (const std::size_t n : shape) dims.push_back(static_cast<py::ssize_t>(n));
  return py::array_t<T>(dims, data, base);
}

/// `values` as an array of `rows` x `columns` stored column after column
/// (Fortran order), without a copy: pandas keeps such a block as it is.
inline py::array adopt_columns(std::vector<double>&& values, std::size_t rows, std::size_t columns) {
  auto owned = std::make_unique<std::vector<double>>(std::move(values));
  double* data = owned->data();
  py::capsule base(owned.get(), [](void* p) { delete static_cast<std::vector<double>*>(p); });
  owned.release();  // NOLINT(bugprone-unused-return-value)
  const auto item = static_cast<py::ssize_t>(sizeof(double));
  return py::array_t<double>({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(columns)},
                             {item, item * static_cast<py::ssize_t>(rows)}, data, base);
}

/// Strings are copied into Python str objects (NumPy has no zero-copy string type).
inline py::list to_list(const std::vector<std::string>& values) {
  py::list out(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) out[i] = py::str(values[i]);
  return out;
}

}  // namespace porttwin::bindings
