// Issue 8: one results file from an ensemble over MPI ranks. Measures three ways of writing
// porttwin's per-replication data into one HDF5 file, on the data shape of a real results
// file (shape.py), with the parallel HDF5 1.10 library (libhdf5-openmpi):
//
//   A   rank-0 join (porttwin's design): ranks pack each replication into an in-memory HDF5
//       image (core driver), MPI_Send it to rank 0, which stores it as a shard file and appends
//       the rows in replication order to the one file (sec2, chunk = 1 replication row,
//       deflate 1 + shuffle). Dynamic work queue on rank 0 (with 2+ ranks rank 0 only joins).
//   A2  the same, but each image holds the rows already chunked and compressed exactly as in
//       the output; rank 0 copies the compressed chunks (H5Dread_chunk / H5Dwrite_chunk).
//   An  A without the variable-length string columns (the part B can write), for comparison.
//   B1  parallel HDF5, one shared file (mpio), contiguous, no filter, independent writes,
//       static round-robin assignment; events/vessels written at the end after an
//       MPI_Allreduce of the per-replication counts.
//   B2  parallel HDF5, chunked, deflate 1 + shuffle: collective writes only (HDF5 1.10), so
//       lock-step rounds of one replication per rank; events/vessels per round with
//       MPI_Exscan offsets and a collective H5Dset_extent. File format 1.10 (libver latest),
//       see method_b.
//   C   per-rank files (sec2, same chunks and filters) with a dynamic shared counter
//       (MPI_Fetch_and_op), then rank 0 builds a virtual-dataset (VDS) file mapping each
//       replication's rows to (rank file, row).
//   B writes no variable-length strings (parallel HDF5 1.10 cannot; probed and reported).
//
// Usage: mpirun -n R phdf5_bench SHAPE_DIR N RUNS WORK_DIR LABEL [METHODS]   (METHODS e.g. A,A2,B1,B2,C)
// Prints lines "RESULT key=value ..." (see run.sh).
#include <hdf5.h>
#include <hdf5_hl.h>
#include <mpi.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

int g_rank = 0, g_size = 1;
bool g_numeric_only = false;  // method An: A without the variable-length string columns (what B can write)

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "rank %d: %s\n", g_rank, what.c_str());
  H5Eprint2(H5E_DEFAULT, stderr);
  MPI_Abort(MPI_COMM_WORLD, 2);
  std::abort();
}
template <class T>
T ok(T v, const char* what) {
  if (v < 0) die(what);
  return v;
}

double now() { return MPI_Wtime(); }

// ---- the data shape ----------------------------------------------------------------

enum class T { f8, i8, i1, str };
std::size_t tsize(T t) { return t == T::i1 ? 1 : 8; }
T parse_type(const std::string& s) {
  if (s == "f8") return T::f8;
  if (s == "i8") return T::i8;
  if (s == "i1") return T::i1;
  if (s == "str") return T::str;
  throw std::runtime_error("bad type " + s);
}
hid_t g_str_type = -1;
hid_t mem_type(T t) {
  switch (t) {
    case T::f8: return H5T_NATIVE_DOUBLE;
    case T::i8: return H5T_NATIVE_INT64;
    case T::i1: return H5T_NATIVE_INT8;
    case T::str: return g_str_type;
  }
  return -1;
}
hid_t file_type(T t) {
  switch (t) {
    case T::f8: return H5T_IEEE_F64LE;
    case T::i8: return H5T_STD_I64LE;
    case T::i1: return H5T_STD_I8LE;
    case T::str: return g_str_type;
  }
  return -1;
}

struct Var {  // a per-replication variable: one row per replication
  std::string group, name;
  T type = T::f8;
  std::vector<hsize_t> dims;  // after the replication dimension
  std::size_t slice = 1;      // values per replication
  std::vector<char> sample;   // nref rows
  std::string path() const { return group + "/" + name; }
  std::string flat() const { return group + "." + name; }
  const char* row(int ref) const { return sample.data() + static_cast<std::size_t>(ref) * slice * tsize(type); }
};

struct Col {
  std::string name;
  T type = T::f8;
  std::vector<char> sample;          // numeric: all rows
  std::vector<const char*> strings;  // str: all rows (into text)
  std::string text;
};

struct Ragged {  // event-like group: a variable number of rows per replication
  std::string group, dim;
  std::vector<std::size_t> counts, starts;
  std::vector<Col> cols;
};

struct Shape {
  int nref = 0;
  std::vector<Var> vars;
  std::vector<Ragged> ragged;
  std::size_t row_bytes = 0;  // uncompressed bytes of one replication (strings: their text)
};

std::vector<char> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  return std::vector<char>(std::istreambuf_iterator<char>(in), {});
}

Shape load_shape(const fs::path& dir) {
  Shape s;
  std::ifstream in(dir / "shape.txt");
  if (!in) throw std::runtime_error("no shape.txt in " + dir.string());
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string kind;
    ls >> kind;
    if (kind == "nref") {
      ls >> s.nref;
    } else if (kind == "var") {
      Var v;
      std::string t;
      ls >> v.group >> v.name >> t;
      v.type = parse_type(t);
      hsize_t d;
      while (ls >> d) v.dims.push_back(d), v.slice *= d;
      v.sample = slurp(dir / (v.flat() + ".bin"));
      if (v.sample.size() != v.slice * tsize(v.type) * s.nref) throw std::runtime_error("sample size " + v.name);
      s.vars.push_back(std::move(v));
    } else if (kind == "ragged") {
      Ragged r;
      ls >> r.group >> r.dim;
      std::size_t c, at = 0;
      while (ls >> c) r.starts.push_back(at), r.counts.push_back(c), at += c;
      s.ragged.push_back(std::move(r));
    } else if (kind == "col") {
      std::string g, t;
      Col c;
      ls >> g >> c.name >> t;
      c.type = parse_type(t);
      auto it = std::find_if(s.ragged.begin(), s.ragged.end(), [&](const Ragged& r) { return r.group == g; });
      if (it == s.ragged.end()) throw std::runtime_error("col before ragged");
      std::vector<char> bytes = slurp(dir / (g + "." + c.name + ".bin"));
      if (c.type == T::str) {
        c.text.assign(bytes.begin(), bytes.end());
      } else {
        c.sample = std::move(bytes);
      }
      it->cols.push_back(std::move(c));
    }
  }
  for (Ragged& r : s.ragged) {
    for (Col& c : r.cols) {
      if (c.type != T::str) continue;
      for (std::size_t at = 0; at < c.text.size(); at += std::strlen(c.text.data() + at) + 1) {
        c.strings.push_back(c.text.data() + at);
      }
    }
  }
  // mean uncompressed bytes per replication
  std::size_t fixed = 0;
  for (const Var& v : s.vars) fixed += v.slice * tsize(v.type);
  double ragged = 0;
  for (const Ragged& r : s.ragged) {
    for (const Col& c : r.cols) {
      ragged += c.type == T::str ? static_cast<double>(c.text.size()) : static_cast<double>(c.sample.size());
    }
  }
  s.row_bytes = fixed + static_cast<std::size_t>(ragged / s.nref);
  return s;
}

// One replication's rows: pointers into the samples (replication r copies reference r % nref),
// with the `replication` column of each event-like group set to r.
struct RepRows {
  int r = 0, ref = 0;
  std::vector<std::vector<std::int64_t>> rep_column;  // per ragged group
  const void* ragged_data(const Shape& s, std::size_t g, std::size_t c) const {
    const Ragged& rg = s.ragged[g];
    const Col& col = rg.cols[c];
    if (col.name == "replication") return rep_column[g].data();
    if (col.type == T::str) return col.strings.data() + rg.starts[ref];
    return col.sample.data() + rg.starts[ref] * tsize(col.type);
  }
  std::size_t count(const Shape& s, std::size_t g) const { return s.ragged[g].counts[ref]; }
};
RepRows make_rows(const Shape& s, int r) {
  RepRows x;
  x.r = r;
  x.ref = r % s.nref;
  for (const Ragged& rg : s.ragged) x.rep_column.emplace_back(rg.counts[x.ref], r);
  return x;
}

// ---- HDF5 helpers ------------------------------------------------------------------

constexpr hsize_t kChunkValues = hsize_t{1} << 16;
constexpr hsize_t kRaggedChunk = 4096;

// porttwin's chunk_for(shape, first_is_row=true) for the full shape (N, dims...)
std::vector<hsize_t> row_chunk(const Var& v, hsize_t n) {
  std::vector<hsize_t> full{n};
  full.insert(full.end(), v.dims.begin(), v.dims.end());
  std::vector<hsize_t> chunk(full.size(), 1);
  if (full.size() == 1) {
    chunk[0] = std::clamp<hsize_t>(n, 1, kChunkValues);
    return chunk;
  }
  hsize_t inner = 1;
  for (std::size_t i = 2; i < full.size(); ++i) chunk[i] = std::max<hsize_t>(full[i], 1), inner *= chunk[i];
  chunk[0] = 1;
  chunk[1] = std::clamp<hsize_t>(kChunkValues / std::max<hsize_t>(inner, 1), 1, std::max<hsize_t>(full[1], 1));
  return chunk;
}

struct DsetSpec {
  std::vector<hsize_t> dims, maxdims, chunk;  // chunk empty: contiguous
  bool compress = false;
};
hid_t create_dset(hid_t loc, const std::string& path, T type, const DsetSpec& spec) {
  hid_t space = ok(H5Screate_simple(static_cast<int>(spec.dims.size()), spec.dims.data(),
                                    spec.maxdims.empty() ? nullptr : spec.maxdims.data()),
                   "space");
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  if (!spec.chunk.empty()) {
    ok(H5Pset_chunk(dcpl, static_cast<int>(spec.chunk.size()), spec.chunk.data()), "chunk");
    if (spec.compress) {
      H5Pset_shuffle(dcpl);
      H5Pset_deflate(dcpl, 1);
    }
  }
  hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(lcpl, 1);
  hid_t d = ok(H5Dcreate2(loc, path.c_str(), file_type(type), space, lcpl, dcpl, H5P_DEFAULT), path.c_str());
  H5Pclose(lcpl);
  H5Pclose(dcpl);
  H5Sclose(space);
  return d;
}

// Write `count` rows (each `slice` values) at row `at` of a dataset whose first dimension is the row.
void write_rows(hid_t d, T type, hsize_t at, hsize_t count, const void* data, hid_t dxpl = H5P_DEFAULT,
                bool none = false) {
  hid_t fspace = H5Dget_space(d);
  const int rank = H5Sget_simple_extent_ndims(fspace);
  std::vector<hsize_t> dims(rank), start(rank, 0), cnt(rank);
  H5Sget_simple_extent_dims(fspace, dims.data(), nullptr);
  cnt = dims;
  start[0] = at;
  cnt[0] = count;
  hsize_t n = 1;
  for (hsize_t c : cnt) n *= c;
  hid_t mspace = H5Screate_simple(1, &n, nullptr);
  if (none || count == 0) {
    H5Sselect_none(fspace);
    H5Sselect_none(mspace);
  } else {
    ok(H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start.data(), nullptr, cnt.data(), nullptr), "select");
  }
  if (H5Dwrite(d, mem_type(type), mspace, fspace, dxpl, data) < 0) {
    char name[256] = "";
    H5Iget_name(d, name, sizeof name);
    die(std::string("write rows of ") + name + " at " + std::to_string(at) + " (+" + std::to_string(count) + ")");
  }
  H5Sclose(mspace);
  H5Sclose(fspace);
}

void extend1(hid_t d, hsize_t n) { ok(H5Dset_extent(d, &n), "extend"); }

std::uintmax_t file_bytes(const fs::path& p) {
  std::error_code ec;
  auto n = fs::file_size(p, ec);
  return ec ? 0 : n;
}
std::uintmax_t dir_bytes(const fs::path& p) {
  std::uintmax_t n = 0;
  std::error_code ec;
  for (auto& e : fs::recursive_directory_iterator(p, ec)) {
    if (e.is_regular_file()) n += e.file_size();
  }
  return n;
}

// ---- A / A2: rank-0 join -------------------------------------------------------------

// The shard image: one dataset per variable, named group.name as porttwin's shards.
// raw_chunks: per-replication variables shaped (1, dims...) with the output's chunks and filters.
std::vector<char> pack_image(const Shape& s, const RepRows& x, bool raw_chunks, hsize_t n) {
  static int serial = 0;
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  ok(H5Pset_fapl_core(fapl, 1 << 20, 0), "core");
  const std::string name = "image-" + std::to_string(g_rank) + "-" + std::to_string(serial++);
  hid_t f = ok(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl), "image create");
  H5Pclose(fapl);
  const std::int64_t rep = x.r;
  H5LTset_attribute_long_long(f, "/", "replication", reinterpret_cast<const long long*>(&rep), 1);
  for (const Var& v : s.vars) {
    DsetSpec spec;
    if (raw_chunks && !v.dims.empty()) {
      spec.dims = {1};
      spec.dims.insert(spec.dims.end(), v.dims.begin(), v.dims.end());
      spec.chunk = row_chunk(v, n);
      spec.compress = true;
    } else {
      spec.dims = {v.slice};
    }
    hid_t d = create_dset(f, v.flat(), v.type, spec);
    ok(H5Dwrite(d, mem_type(v.type), H5S_ALL, H5S_ALL, H5P_DEFAULT, v.row(x.ref)), "image write");
    H5Dclose(d);
  }
  for (std::size_t g = 0; g < s.ragged.size(); ++g) {
    const Ragged& rg = s.ragged[g];
    const hsize_t cnt = x.count(s, g);
    for (std::size_t c = 0; c < rg.cols.size(); ++c) {
      if (g_numeric_only && rg.cols[c].type == T::str) continue;
      DsetSpec spec;
      spec.dims = {cnt};
      hid_t d = create_dset(f, rg.group + "." + rg.cols[c].name, rg.cols[c].type, spec);
      if (cnt > 0)
        ok(H5Dwrite(d, mem_type(rg.cols[c].type), H5S_ALL, H5S_ALL, H5P_DEFAULT, x.ragged_data(s, g, c)), "w");
      H5Dclose(d);
    }
  }
  ok(H5Fflush(f, H5F_SCOPE_GLOBAL), "flush");
  const ssize_t size = H5Fget_file_image(f, nullptr, 0);
  std::vector<char> image(static_cast<std::size_t>(size));
  ok(H5Fget_file_image(f, image.data(), image.size()), "image");
  H5Fclose(f);
  return image;
}

struct Output {  // the one file (A/A2), written serially by rank 0
  hid_t file = -1;
  std::vector<hid_t> vars;
  std::vector<std::vector<hid_t>> cols;
  std::vector<hsize_t> ragged_at;
};

Output create_output(const Shape& s, const fs::path& path, hsize_t n) {
  Output o;
  o.file = ok(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "create output");
  for (const Var& v : s.vars) {
    DsetSpec spec;
    spec.dims = {n};
    spec.dims.insert(spec.dims.end(), v.dims.begin(), v.dims.end());
    spec.chunk = row_chunk(v, n);
    spec.compress = true;
    o.vars.push_back(create_dset(o.file, v.path(), v.type, spec));
  }
  for (const Ragged& rg : s.ragged) {
    o.cols.emplace_back();
    o.ragged_at.push_back(0);
    for (const Col& c : rg.cols) {
      if (g_numeric_only && c.type == T::str) {
        o.cols.back().push_back(-1);
        continue;
      }
      DsetSpec spec{{0}, {H5S_UNLIMITED}, {kRaggedChunk}, true};
      o.cols.back().push_back(create_dset(o.file, rg.group + "/" + c.name, c.type, spec));
    }
  }
  return o;
}
void close_output(Output& o) {
  for (hid_t d : o.vars) H5Dclose(d);
  for (auto& v : o.cols)
    for (hid_t d : v)
      if (d >= 0) H5Dclose(d);
  ok(H5Fclose(o.file), "close output");
}

// Append one shard image's rows at row r.
void append_image(const Shape& s, Output& o, std::vector<char>& image, hsize_t r, bool raw_chunks) {
  hid_t f =
      ok(H5LTopen_file_image(image.data(), image.size(), H5LT_FILE_IMAGE_DONT_COPY | H5LT_FILE_IMAGE_DONT_RELEASE),
         "open image");
  std::vector<char> buf;
  for (std::size_t i = 0; i < s.vars.size(); ++i) {
    const Var& v = s.vars[i];
    hid_t d = ok(H5Dopen2(f, v.flat().c_str(), H5P_DEFAULT), "open image dset");
    if (raw_chunks && !v.dims.empty()) {
      // copy every compressed chunk of the row as it is
      const std::vector<hsize_t> chunk = row_chunk(v, 1);
      std::vector<hsize_t> off(chunk.size(), 0), out(chunk.size(), 0);
      for (hsize_t t = 0; t < v.dims[0]; t += chunk[1]) {
        off[1] = t;
        hsize_t bytes = 0;
        ok(H5Dget_chunk_storage_size(d, off.data(), &bytes), "chunk size");
        buf.resize(bytes);
        std::uint32_t filters = 0;
        ok(H5Dread_chunk(d, H5P_DEFAULT, off.data(), &filters, buf.data()), "read chunk");
        out = off;
        out[0] = r;
        ok(H5Dwrite_chunk(o.vars[i], H5P_DEFAULT, filters, out.data(), bytes, buf.data()), "write chunk");
      }
    } else {
      buf.resize(v.slice * tsize(v.type));
      ok(H5Dread(d, mem_type(v.type), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), "read image");
      write_rows(o.vars[i], v.type, r, 1, buf.data());
    }
    H5Dclose(d);
  }
  for (std::size_t g = 0; g < s.ragged.size(); ++g) {
    const Ragged& rg = s.ragged[g];
    hsize_t cnt = 0;
    for (std::size_t c = 0; c < rg.cols.size(); ++c) {
      const Col& col = rg.cols[c];
      if (o.cols[g][c] < 0) continue;
      hid_t d = ok(H5Dopen2(f, (rg.group + "." + col.name).c_str(), H5P_DEFAULT), "open image col");
      hid_t sp = H5Dget_space(d);
      cnt = static_cast<hsize_t>(H5Sget_simple_extent_npoints(sp));
      if (cnt > 0) {
        buf.resize(cnt * (col.type == T::str ? sizeof(char*) : tsize(col.type)));
        ok(H5Dread(d, mem_type(col.type), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), "read col");
        extend1(o.cols[g][c], o.ragged_at[g] + cnt);
        write_rows(o.cols[g][c], col.type, o.ragged_at[g], cnt, buf.data());
        if (col.type == T::str) H5Dvlen_reclaim(g_str_type, sp, H5P_DEFAULT, buf.data());
      }
      H5Sclose(sp);
      H5Dclose(d);
    }
    o.ragged_at[g] += cnt;
  }
  H5Fclose(f);
}

void write_shard(const fs::path& dir, int r, const std::vector<char>& image) {
  const fs::path final = dir / ("replication-" + std::to_string(r) + ".h5");
  const fs::path tmp = final.string() + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr || std::fwrite(image.data(), 1, image.size(), f) != image.size() || std::fclose(f) != 0) {
    die("shard write");
  }
  fs::rename(tmp, final);
}

struct JoinCost {  // rank 0's serial work, seconds summed over replications
  double recv = 0, shard = 0, append = 0, pack = 0;
};

enum Tag { kWork = 1, kImage = 2 };

JoinCost method_a(const Shape& s, int n, const fs::path& dir, bool raw, std::uintmax_t& written) {
  JoinCost cost;
  const fs::path shards = dir / "a.partial";
  if (g_rank == 0) {
    fs::remove_all(shards);
    fs::create_directories(shards);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (g_rank == 0) {
    Output out = create_output(s, dir / "a.h5", static_cast<hsize_t>(n));
    std::map<int, std::vector<char>> pending;
    int next_join = 0;
    const auto join_ready = [&] {
      for (auto it = pending.find(next_join); it != pending.end(); it = pending.find(next_join)) {
        double t = now();
        append_image(s, out, it->second, static_cast<hsize_t>(next_join), raw);
        cost.append += now() - t;
        pending.erase(it);
        ++next_join;
      }
    };
    if (g_size == 1) {
      for (int r = 0; r < n; ++r) {
        double t = now();
        std::vector<char> image = pack_image(s, make_rows(s, r), raw, static_cast<hsize_t>(n));
        cost.pack += now() - t;
        t = now();
        write_shard(shards, r, image);
        cost.shard += now() - t;
        pending.emplace(r, std::move(image));
        join_ready();
      }
    } else {
      // dynamic queue: two replications in hand per worker, one more per image received
      int next_work = 0, received = 0;
      for (int w = 1; w < g_size; ++w) {
        for (int k = 0; k < 2 && next_work < n; ++k) {
          int job = next_work++;
          MPI_Send(&job, 1, MPI_INT, w, kWork, MPI_COMM_WORLD);
        }
      }
      while (received < n) {
        MPI_Status st;
        MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
        int bytes = 0;
        MPI_Get_count(&st, MPI_BYTE, &bytes);
        std::vector<char> image(static_cast<std::size_t>(bytes));
        double t = now();
        MPI_Recv(image.data(), bytes, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        cost.recv += now() - t;
        const int r = st.MPI_TAG - kImage;
        ++received;
        if (next_work < n) {
          int job = next_work++;
          MPI_Send(&job, 1, MPI_INT, st.MPI_SOURCE, kWork, MPI_COMM_WORLD);
        }
        t = now();
        write_shard(shards, r, image);
        cost.shard += now() - t;
        pending.emplace(r, std::move(image));
        join_ready();
      }
      for (int w = 1; w < g_size; ++w) {  // exactly one stop message per worker
        int stop = -1;
        MPI_Send(&stop, 1, MPI_INT, w, kWork, MPI_COMM_WORLD);
      }
    }
    close_output(out);
    written = dir_bytes(shards) + file_bytes(dir / "a.h5");
    fs::remove_all(shards);  // the run is complete: porttwin removes the partial directory
  } else {
    std::deque<std::pair<MPI_Request, std::vector<char>>> sends;
    for (;;) {
      int job = -1;
      MPI_Recv(&job, 1, MPI_INT, 0, kWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (job < 0) break;
      std::vector<char> image = pack_image(s, make_rows(s, job), raw, static_cast<hsize_t>(n));
      sends.emplace_back(MPI_REQUEST_NULL, std::move(image));
      MPI_Isend(sends.back().second.data(), static_cast<int>(sends.back().second.size()), MPI_BYTE, 0, kImage + job,
                MPI_COMM_WORLD, &sends.back().first);
      while (!sends.empty()) {  // keep at most 4 images in flight
        int done = 0;
        MPI_Test(&sends.front().first, &done, MPI_STATUS_IGNORE);
        if (!done && sends.size() < 4) break;
        if (!done) MPI_Wait(&sends.front().first, MPI_STATUS_IGNORE);
        sends.pop_front();
      }
    }
    for (auto& [req, img] : sends) MPI_Wait(&req, MPI_STATUS_IGNORE);
  }
  return cost;
}

// ---- B1 / B2: parallel HDF5 ------------------------------------------------------------

std::string g_vlen_probe;

void probe_vlen(const fs::path& dir) {
  // Can parallel HDF5 1.10 write variable-length strings? (one element per rank, independent)
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_mpio(fapl, MPI_COMM_WORLD, MPI_INFO_NULL);
  const fs::path p = dir / "vlen-probe.h5";
  hid_t f = ok(H5Fcreate(p.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl), "probe file");
  H5Pclose(fapl);
  DsetSpec spec;
  spec.dims = {static_cast<hsize_t>(g_size)};
  hid_t d = create_dset(f, "strings", T::str, spec);
  const char* value = "compromised";
  H5E_auto2_t func;
  void* data;
  H5Eget_auto2(H5E_DEFAULT, &func, &data);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  hid_t fs_ = H5Dget_space(d);
  hsize_t at = static_cast<hsize_t>(g_rank), one = 1;
  H5Sselect_hyperslab(fs_, H5S_SELECT_SET, &at, nullptr, &one, nullptr);
  hid_t ms = H5Screate_simple(1, &one, nullptr);
  herr_t status = H5Dwrite(d, g_str_type, ms, fs_, H5P_DEFAULT, &value);
  std::string message;
  if (status < 0) {
    H5Ewalk2(
        H5E_DEFAULT, H5E_WALK_DOWNWARD,
        [](unsigned n, const H5E_error2_t* e, void* out) -> herr_t {
          auto* m = static_cast<std::string*>(out);
          if (e->desc != nullptr && std::strlen(e->desc) > 0) {
            if (!m->empty()) *m += " / ";
            *m += e->desc;
          }
          return n >= 1 ? 1 : 0;
        },
        &message);
    H5Eclear2(H5E_DEFAULT);
  }
  H5Eset_auto2(H5E_DEFAULT, func, data);
  H5Sclose(ms);
  H5Sclose(fs_);
  H5Dclose(d);
  H5Fclose(f);
  g_vlen_probe = status < 0 ? "fails: " + message : "works";
  if (g_rank == 0) fs::remove(p);
}

void method_b(const Shape& s, int n, const fs::path& dir, bool filtered, std::uintmax_t& written) {
  const fs::path path = dir / (filtered ? "b2.h5" : "b1.h5");
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_mpio(fapl, MPI_COMM_WORLD, MPI_INFO_NULL);
  // B2 with the default (v1 B-tree) chunk index fails here at N = 1000 week replications:
  // "H5FD__mpio_write(): file write failed" flushing the chunk index at row 969 (OMPIO), a
  // segmentation fault with ROMIO. The 1.10 file format (fixed/extensible array index) works.
  // PHDF5_B2_EARLIEST=1 reproduces the failure.
  if (filtered && std::getenv("PHDF5_B2_EARLIEST") == nullptr) {
    H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
  }
  hid_t f = ok(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl), "b create");
  H5Pclose(fapl);
  hid_t coll = H5Pcreate(H5P_DATASET_XFER);
  H5Pset_dxpl_mpio(coll, H5FD_MPIO_COLLECTIVE);
  hid_t indep = H5Pcreate(H5P_DATASET_XFER);
  H5Pset_dxpl_mpio(indep, H5FD_MPIO_INDEPENDENT);
  const hsize_t N = static_cast<hsize_t>(n);
  // every dataset created collectively, full replication extent
  std::vector<hid_t> vars;
  for (const Var& v : s.vars) {
    DsetSpec spec;
    spec.dims = {N};
    spec.dims.insert(spec.dims.end(), v.dims.begin(), v.dims.end());
    if (filtered) spec.chunk = row_chunk(v, N), spec.compress = true;
    vars.push_back(create_dset(f, v.path(), v.type, spec));
  }
  std::vector<std::vector<hid_t>> cols(s.ragged.size());
  for (std::size_t g = 0; g < s.ragged.size(); ++g) {
    for (const Col& c : s.ragged[g].cols) {
      if (c.type == T::str) {
        cols[g].push_back(-1);  // not writable in parallel (see probe)
        continue;
      }
      DsetSpec spec{{0}, {H5S_UNLIMITED}, {kRaggedChunk}, filtered};
      cols[g].push_back(create_dset(f, s.ragged[g].group + "/" + c.name, c.type, spec));
    }
  }
  // the rank's replications: round robin
  std::vector<int> mine;
  for (int r = g_rank; r < n; r += g_size) mine.push_back(r);
  std::vector<std::size_t> kpi_vars;  // 1-D per-replication variables: kept in memory, written once
  for (std::size_t i = 0; i < s.vars.size(); ++i)
    if (s.vars[i].dims.empty()) kpi_vars.push_back(i);
  std::vector<std::vector<char>> kpi(s.vars.size());

  if (!filtered) {
    // B1: each replication's rows as soon as it is made, independent I/O, no synchronisation
    for (int r : mine) {
      RepRows x = make_rows(s, r);
      for (std::size_t i = 0; i < s.vars.size(); ++i) {
        const Var& v = s.vars[i];
        const char* row = v.row(x.ref);
        if (v.dims.empty()) {
          kpi[i].insert(kpi[i].end(), row, row + tsize(v.type));
          continue;
        }
        write_rows(vars[i], v.type, static_cast<hsize_t>(r), 1, row, indep);
      }
    }
    // events / vessels: the file order is by replication, so every rank needs every
    // replication's count before writing (contiguous datasets could not even be extended)
    for (std::size_t g = 0; g < s.ragged.size(); ++g) {
      const Ragged& rg = s.ragged[g];
      std::vector<long long> counts(static_cast<std::size_t>(n), 0), all(counts.size());
      for (int r : mine) counts[static_cast<std::size_t>(r)] = static_cast<long long>(rg.counts[r % s.nref]);
      MPI_Allreduce(counts.data(), all.data(), n, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
      std::vector<hsize_t> offset(all.size() + 1, 0);
      for (std::size_t r = 0; r < all.size(); ++r) offset[r + 1] = offset[r] + static_cast<hsize_t>(all[r]);
      for (std::size_t c = 0; c < rg.cols.size(); ++c) {
        if (cols[g][c] < 0) continue;
        extend1(cols[g][c], offset.back());  // collective
      }
      for (std::size_t c = 0; c < rg.cols.size(); ++c) {
        if (cols[g][c] < 0) continue;
        const Col& col = rg.cols[c];
        std::vector<char> buf;
        hid_t fspace = H5Dget_space(cols[g][c]);
        H5Sselect_none(fspace);
        for (int r : mine) {
          RepRows x = make_rows(s, r);
          const hsize_t cnt = x.count(s, g);
          if (cnt == 0) continue;
          const char* p = static_cast<const char*>(x.ragged_data(s, g, c));
          buf.insert(buf.end(), p, p + cnt * tsize(col.type));
          H5Sselect_hyperslab(fspace, H5S_SELECT_OR, &offset[static_cast<std::size_t>(r)], nullptr, &cnt, nullptr);
        }
        hsize_t total = buf.size() / tsize(col.type);
        hid_t mspace = H5Screate_simple(1, &total, nullptr);
        if (total == 0) H5Sselect_none(mspace);
        ok(H5Dwrite(cols[g][c], mem_type(col.type), mspace, fspace, indep, buf.data()), "b1 ragged");
        H5Sclose(mspace);
        H5Sclose(fspace);
      }
    }
  } else {
    // B2: collective writes only, so lock-step rounds: round k, rank i writes replication kR+i
    std::vector<hsize_t> at(s.ragged.size(), 0);
    const int rounds = (n + g_size - 1) / g_size;
    for (int k = 0; k < rounds; ++k) {
      const int r = k * g_size + g_rank;
      const bool has = r < n;
      RepRows x = make_rows(s, has ? r : 0);
      for (std::size_t i = 0; i < s.vars.size(); ++i) {
        const Var& v = s.vars[i];
        const char* row = v.row(x.ref);
        if (v.dims.empty()) {
          if (has) kpi[i].insert(kpi[i].end(), row, row + tsize(v.type));
          continue;
        }
        write_rows(vars[i], v.type, has ? static_cast<hsize_t>(r) : 0, 1, row, coll, !has);
      }
      for (std::size_t g = 0; g < s.ragged.size(); ++g) {
        long long cnt = has ? static_cast<long long>(x.count(s, g)) : 0, before = 0, total = 0;
        MPI_Exscan(&cnt, &before, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
        if (g_rank == 0) before = 0;
        MPI_Allreduce(&cnt, &total, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
        if (total == 0) continue;
        for (std::size_t c = 0; c < s.ragged[g].cols.size(); ++c) {
          if (cols[g][c] < 0) continue;
          extend1(cols[g][c], at[g] + static_cast<hsize_t>(total));
          write_rows(cols[g][c], s.ragged[g].cols[c].type, at[g] + static_cast<hsize_t>(before),
                     static_cast<hsize_t>(cnt), x.ragged_data(s, g, c), coll, cnt == 0);
        }
        at[g] += static_cast<hsize_t>(total);
      }
    }
  }
  // key figures: one strided selection per variable (rows rank, rank+R, ...)
  for (std::size_t i : kpi_vars) {
    const Var& v = s.vars[i];
    hid_t fspace = H5Dget_space(vars[i]);
    hsize_t start = static_cast<hsize_t>(g_rank), stride = static_cast<hsize_t>(g_size), count = mine.size(), block = 1;
    hsize_t m = std::max<hsize_t>(count, 1);
    hid_t mspace = H5Screate_simple(1, &m, nullptr);
    if (count == 0) {
      H5Sselect_none(fspace);
      H5Sselect_none(mspace);
    } else {
      H5Sselect_hyperslab(fspace, H5S_SELECT_SET, &start, &stride, &count, &block);
    }
    kpi[i].resize(m * tsize(v.type));
    ok(H5Dwrite(vars[i], mem_type(v.type), mspace, fspace, filtered ? coll : indep, kpi[i].data()), "b kpi");
    H5Sclose(mspace);
    H5Sclose(fspace);
  }
  for (hid_t d : vars) H5Dclose(d);
  for (auto& v : cols)
    for (hid_t d : v)
      if (d >= 0) H5Dclose(d);
  H5Pclose(coll);
  H5Pclose(indep);
  ok(H5Fclose(f), "b close");
  written = g_rank == 0 ? file_bytes(path) : 0;
}

// ---- C: per-rank files + virtual datasets --------------------------------------------

struct Placed {  // where a replication's rows are
  long long r, rank, row;
  std::vector<long long> ragged_at, ragged_n;
};

double g_vds_seconds = 0;
long long g_vds_mappings = 0;

void method_c(const Shape& s, int n, const fs::path& dir, std::uintmax_t& written, std::uintmax_t& vds_size) {
  // shared counter on rank 0 (dynamic assignment without a dedicated rank)
  long long* counter = nullptr;
  MPI_Win win;
  MPI_Win_allocate(g_rank == 0 ? sizeof(long long) : 0, sizeof(long long), MPI_INFO_NULL, MPI_COMM_WORLD, &counter,
                   &win);
  if (g_rank == 0) *counter = 0;
  MPI_Barrier(MPI_COMM_WORLD);
  const std::string own = "c-rank" + std::to_string(g_rank) + ".h5";
  hid_t f = ok(H5Fcreate((dir / own).c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "c create");
  std::vector<hid_t> vars;
  for (const Var& v : s.vars) {
    DsetSpec spec;
    spec.dims = {0};
    spec.dims.insert(spec.dims.end(), v.dims.begin(), v.dims.end());
    spec.maxdims = spec.dims;
    spec.maxdims[0] = H5S_UNLIMITED;
    spec.chunk = row_chunk(v, static_cast<hsize_t>(n));
    if (v.dims.empty()) spec.chunk[0] = 1024;
    spec.compress = true;
    vars.push_back(create_dset(f, v.path(), v.type, spec));
  }
  std::vector<std::vector<hid_t>> cols(s.ragged.size());
  std::vector<hsize_t> at(s.ragged.size(), 0);
  for (std::size_t g = 0; g < s.ragged.size(); ++g) {
    for (const Col& c : s.ragged[g].cols) {
      DsetSpec spec{{0}, {H5S_UNLIMITED}, {kRaggedChunk}, true};
      cols[g].push_back(create_dset(f, s.ragged[g].group + "/" + c.name, c.type, spec));
    }
  }
  std::vector<long long> placed;  // r, row, then (at, n) per ragged group
  hsize_t rows = 0;
  for (;;) {
    long long one = 1, r = 0;
    MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win);
    MPI_Fetch_and_op(&one, &r, MPI_LONG_LONG, 0, 0, MPI_SUM, win);
    MPI_Win_unlock(0, win);
    if (r >= n) break;
    RepRows x = make_rows(s, static_cast<int>(r));
    for (std::size_t i = 0; i < s.vars.size(); ++i) {
      std::vector<hsize_t> dims{rows + 1};
      dims.insert(dims.end(), s.vars[i].dims.begin(), s.vars[i].dims.end());
      ok(H5Dset_extent(vars[i], dims.data()), "c extend");
      write_rows(vars[i], s.vars[i].type, rows, 1, s.vars[i].row(x.ref));
    }
    placed.push_back(r);
    placed.push_back(static_cast<long long>(rows));
    for (std::size_t g = 0; g < s.ragged.size(); ++g) {
      const hsize_t cnt = x.count(s, g);
      for (std::size_t c = 0; c < s.ragged[g].cols.size() && cnt > 0; ++c) {
        extend1(cols[g][c], at[g] + cnt);
        write_rows(cols[g][c], s.ragged[g].cols[c].type, at[g], cnt, x.ragged_data(s, g, c));
      }
      placed.push_back(static_cast<long long>(at[g]));
      placed.push_back(static_cast<long long>(cnt));
      at[g] += cnt;
    }
    ++rows;
  }
  for (hid_t d : vars) H5Dclose(d);
  for (auto& v : cols)
    for (hid_t d : v) H5Dclose(d);
  ok(H5Fclose(f), "c close");
  MPI_Win_free(&win);
  // rank 0 learns where every replication is
  int mine = static_cast<int>(placed.size());
  std::vector<int> sizes(static_cast<std::size_t>(g_size)), displs(static_cast<std::size_t>(g_size), 0);
  MPI_Gather(&mine, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  for (int k = 1; k < g_size; ++k) displs[k] = displs[k - 1] + sizes[k - 1];
  std::vector<long long> all(g_rank == 0 ? static_cast<std::size_t>(displs.back() + sizes.back()) : 0);
  MPI_Gatherv(placed.data(), mine, MPI_LONG_LONG, all.data(), sizes.data(), displs.data(), MPI_LONG_LONG, 0,
              MPI_COMM_WORLD);
  written = 0;
  if (g_rank != 0) return;
  const double t0 = now();
  const std::size_t per = 2 + 2 * s.ragged.size();
  std::vector<Placed> where(static_cast<std::size_t>(n));
  std::vector<hsize_t> rank_rows(static_cast<std::size_t>(g_size), 0);
  std::vector<std::vector<hsize_t>> rank_ragged(static_cast<std::size_t>(g_size),
                                                std::vector<hsize_t>(s.ragged.size(), 0));
  for (int k = 0; k < g_size; ++k) {
    for (int i = displs[k]; i < displs[k] + sizes[k]; i += static_cast<int>(per)) {
      Placed p{all[i], k, all[i + 1], {}, {}};
      for (std::size_t g = 0; g < s.ragged.size(); ++g) {
        p.ragged_at.push_back(all[i + 2 + 2 * g]);
        p.ragged_n.push_back(all[i + 3 + 2 * g]);
        rank_ragged[k][g] = std::max<hsize_t>(rank_ragged[k][g], static_cast<hsize_t>(p.ragged_at[g] + p.ragged_n[g]));
      }
      rank_rows[k] = std::max<hsize_t>(rank_rows[k], static_cast<hsize_t>(p.row + 1));
      where[static_cast<std::size_t>(p.r)] = std::move(p);
    }
  }
  hid_t vf = ok(H5Fcreate((dir / "c.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "vds create");
  long long mappings = 0;
  const auto map_rows = [&](const std::string& path, T type, const std::vector<hsize_t>& inner, hsize_t total,
                            const std::vector<hsize_t>& src_rows, auto&& piece /* r -> (rank, src_at, n, dst_at) */) {
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    std::vector<hsize_t> vdims{total};
    vdims.insert(vdims.end(), inner.begin(), inner.end());
    hid_t vspace = H5Screate_simple(static_cast<int>(vdims.size()), vdims.data(), nullptr);
    std::vector<hid_t> srcspace(static_cast<std::size_t>(g_size));
    for (int k = 0; k < g_size; ++k) {
      std::vector<hsize_t> sd = vdims;
      sd[0] = src_rows[static_cast<std::size_t>(k)];
      srcspace[k] = H5Screate_simple(static_cast<int>(sd.size()), sd.data(), nullptr);
    }
    // runs of consecutive replications in the same rank file at consecutive rows: one mapping
    long long run_rank = -1;
    hsize_t run_src = 0, run_dst = 0, run_n = 0;
    const auto flush = [&] {
      if (run_n == 0) return;
      std::vector<hsize_t> start(vdims.size(), 0), count = vdims;
      start[0] = run_dst;
      count[0] = run_n;
      H5Sselect_hyperslab(vspace, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
      start[0] = run_src;
      H5Sselect_hyperslab(srcspace[run_rank], H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
      const std::string file = "c-rank" + std::to_string(run_rank) + ".h5";
      ok(H5Pset_virtual(dcpl, vspace, file.c_str(), path.c_str(), srcspace[run_rank]), "set virtual");
      ++mappings;
      run_n = 0;
    };
    for (int r = 0; r < n; ++r) {
      auto [k, src, cnt, dst] = piece(r);
      if (cnt == 0) continue;
      if (run_n > 0 && k == run_rank && src == run_src + run_n && dst == run_dst + run_n) {
        run_n += cnt;
        continue;
      }
      flush();
      run_rank = k, run_src = src, run_dst = dst, run_n = cnt;
    }
    flush();
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    hid_t d = ok(H5Dcreate2(vf, path.c_str(), file_type(type), vspace, lcpl, dcpl, H5P_DEFAULT), "vds dset");
    H5Dclose(d);
    H5Pclose(lcpl);
    for (hid_t sp : srcspace) H5Sclose(sp);
    H5Sclose(vspace);
    H5Pclose(dcpl);
  };
  for (const Var& v : s.vars) {
    map_rows(v.path(), v.type, v.dims, static_cast<hsize_t>(n), rank_rows, [&](int r) {
      const Placed& p = where[static_cast<std::size_t>(r)];
      return std::tuple<long long, hsize_t, hsize_t, hsize_t>(p.rank, static_cast<hsize_t>(p.row), 1,
                                                              static_cast<hsize_t>(r));
    });
  }
  for (std::size_t g = 0; g < s.ragged.size(); ++g) {
    std::vector<hsize_t> dst(static_cast<std::size_t>(n) + 1, 0);
    for (int r = 0; r < n; ++r) dst[r + 1] = dst[r] + static_cast<hsize_t>(where[r].ragged_n[g]);
    std::vector<hsize_t> src_rows(static_cast<std::size_t>(g_size));  // this group's rows per rank file
    for (int k = 0; k < g_size; ++k) src_rows[k] = rank_ragged[k][g];
    for (const Col& c : s.ragged[g].cols) {
      map_rows(s.ragged[g].group + "/" + c.name, c.type, {}, dst.back(), src_rows, [&](int r) {
        const Placed& p = where[static_cast<std::size_t>(r)];
        return std::tuple<long long, hsize_t, hsize_t, hsize_t>(p.rank, static_cast<hsize_t>(p.ragged_at[g]),
                                                                static_cast<hsize_t>(p.ragged_n[g]), dst[r]);
      });
    }
  }
  ok(H5Fclose(vf), "vds close");
  g_vds_seconds = now() - t0;
  g_vds_mappings = mappings;
  vds_size = file_bytes(dir / "c.h5");
  written = vds_size;
  for (int k = 0; k < g_size; ++k) written += file_bytes(dir / ("c-rank" + std::to_string(k) + ".h5"));
}

// ---- reading a whole variable back ---------------------------------------------------

double read_seconds(const fs::path& file, const std::string& path, int repeats, double& checksum) {
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) {
    const double t = now();
    hid_t f = ok(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "read open");
    hid_t d = ok(H5Dopen2(f, path.c_str(), H5P_DEFAULT), "read dset");
    hid_t sp = H5Dget_space(d);
    std::vector<double> buf(static_cast<std::size_t>(H5Sget_simple_extent_npoints(sp)));
    ok(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), "read");
    H5Sclose(sp);
    H5Dclose(d);
    H5Fclose(f);
    times.push_back(now() - t);
    checksum = 0;
    for (double x : buf)
      if (!std::isnan(x)) checksum += x;
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  if (argc < 6) {
    if (g_rank == 0) std::fprintf(stderr, "usage: phdf5_bench SHAPE_DIR N RUNS WORK_DIR LABEL [A,A2,B1,B2,C]\n");
    MPI_Finalize();
    return 2;
  }
  const fs::path shape_dir = argv[1];
  const int n = std::atoi(argv[2]);
  const int runs = std::atoi(argv[3]);
  const fs::path work = fs::absolute(argv[4]);
  const std::string label = argv[5];
  std::string methods = argc > 6 ? argv[6] : "A,A2,B1,B2,C";
  g_str_type = H5Tcopy(H5T_C_S1);
  H5Tset_size(g_str_type, H5T_VARIABLE);
  H5Tset_cset(g_str_type, H5T_CSET_UTF8);
  const Shape s = load_shape(shape_dir);
  const fs::path dir = work / (label + "-R" + std::to_string(g_size));
  if (g_rank == 0) fs::create_directories(dir);
  MPI_Barrier(MPI_COMM_WORLD);
  // image names are per process; run from the work directory so relative VDS names resolve
  fs::current_path(dir);

  std::vector<std::string> list;
  for (std::stringstream ss(methods); std::getline(ss, methods, ',');) list.push_back(methods);
  if (std::find(list.begin(), list.end(), "B1") != list.end() ||
      std::find(list.begin(), list.end(), "B2") != list.end()) {
    probe_vlen(dir);
    if (g_rank == 0)
      std::printf("PROBE label=%s R=%d vlen_parallel_write=\"%s\"\n", label.c_str(), g_size, g_vlen_probe.c_str()),
          std::fflush(stdout);
  }
  for (const std::string& m : list) {
    std::vector<double> walls;
    std::uintmax_t written = 0, vds_size = 0;
    JoinCost cost{};
    std::vector<double> vds_times;
    for (int run = 0; run < runs; ++run) {
      MPI_Barrier(MPI_COMM_WORLD);
      const double t0 = now();
      if (m == "A" || m == "A2" || m == "An") {
        g_numeric_only = m == "An";
        cost = method_a(s, n, dir, m == "A2", written);
      } else if (m == "B1" || m == "B2") {
        method_b(s, n, dir, m == "B2", written);
      } else if (m == "C") {
        method_c(s, n, dir, written, vds_size);
        vds_times.push_back(g_vds_seconds);
      } else {
        if (g_rank == 0) std::fprintf(stderr, "unknown method %s\n", m.c_str());
        break;
      }
      MPI_Barrier(MPI_COMM_WORLD);
      walls.push_back(now() - t0);
    }
    if (g_rank != 0 || walls.empty()) continue;
    std::vector<double> sorted = walls;
    std::sort(sorted.begin(), sorted.end());
    const double med = sorted[sorted.size() / 2];
    const fs::path final_file = dir / (m == "A" || m == "A2" || m == "An" ? "a.h5"
                                       : m == "B1"                        ? "b1.h5"
                                       : m == "B2"                        ? "b2.h5"
                                                                          : "c.h5");
    std::uintmax_t size = file_bytes(final_file);
    std::printf(
        "RESULT label=%s R=%d method=%s n=%d runs=%d median_s=%.4f min_s=%.4f max_s=%.4f reps_per_s=%.1f "
        "written_mb=%.2f file_mb=%.2f raw_mb=%.2f",
        label.c_str(), g_size, m.c_str(), n, runs, med, sorted.front(), sorted.back(), n / med, written / 1e6,
        size / 1e6, static_cast<double>(s.row_bytes) * n / 1e6);
    if (m == "A" || m == "A2" || m == "An") {
      std::printf(" join_recv_us=%.1f join_shard_us=%.1f join_append_us=%.1f pack_us=%.1f", 1e6 * cost.recv / n,
                  1e6 * cost.shard / n, 1e6 * cost.append / n, 1e6 * cost.pack / n);
    }
    if (m == "C") {
      std::sort(vds_times.begin(), vds_times.end());
      std::uintmax_t rank_files = 0;
      for (int k = 0; k < g_size; ++k) rank_files += file_bytes(dir / ("c-rank" + std::to_string(k) + ".h5"));
      std::printf(" vds_create_s=%.4f vds_mappings=%lld rank_files_mb=%.2f", vds_times[vds_times.size() / 2],
                  g_vds_mappings, rank_files / 1e6);
    }
    std::printf("\n");
    std::fflush(stdout);
    if (m == "A") fs::rename(dir / "a.h5", dir / "a-joined.h5");
  }
  // reading whole variables: the joined file (A) against the VDS (C)
  if (g_rank == 0 && fs::exists(dir / "a-joined.h5") && fs::exists(dir / "c.h5")) {
    std::vector<std::string> names;
    names.push_back(s.vars.front().path());  // a key figure: N one-value mappings in the VDS
    std::size_t biggest = 0;
    for (std::size_t i = 0; i < s.vars.size(); ++i)
      if (s.vars[i].slice > s.vars[biggest].slice) biggest = i;
    names.push_back(s.vars[biggest].path());
    for (const Var& v : s.vars) {
      if (v.path() == "timeseries/terminal_yard" && v.path() != names.back()) names.push_back(v.path());
    }
    for (const Ragged& rg : s.ragged) {
      for (const Col& c : rg.cols) {
        if (c.type == T::f8) {
          names.push_back(rg.group + "/" + c.name);
          break;
        }
      }
    }
    for (const std::string& name : names) {
      double ca = 0, cc = 0;
      const double ta = read_seconds(dir / "a-joined.h5", name, 5, ca);
      const double tc = read_seconds(dir / "c.h5", name, 5, cc);
      std::printf("READ label=%s R=%d var=%s joined_s=%.5f vds_s=%.5f same=%s\n", label.c_str(), g_size, name.c_str(),
                  ta, tc, std::fabs(ca - cc) <= 1e-9 * std::max(1.0, std::fabs(ca)) ? "yes" : "NO");
    }
    std::fflush(stdout);
  }
  H5Tclose(g_str_type);
  MPI_Finalize();
  return 0;
}
