"""Builds the `_porttwin` extension with CMake for `pip install --no-build-isolation bindings/python`.

Configures the whole porttwin tree (the extension links the engine library) without tests and
benchmarks, builds only the porttwin_python target, and copies the extension into the package.
Environment: PORTTWIN_CMAKE_BUILD_DIR reuses an existing build tree instead of a new one under
build/; CMAKE_BUILD_PARALLEL_LEVEL sets the jobs (default 2).
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def project_version() -> str:
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(porttwin VERSION ([0-9.]+)", text).group(1)


class CMakeExtension(Extension):
    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        build_dir = Path(os.environ.get("PORTTWIN_CMAKE_BUILD_DIR") or Path(self.build_temp).resolve() / "cmake")
        if not (build_dir / "CMakeCache.txt").exists():
            configure = ["cmake", "-S", str(ROOT), "-B", str(build_dir), "-DCMAKE_BUILD_TYPE=Release",
                         "-DPORTTWIN_BUILD_TESTS=OFF", "-DPORTTWIN_BUILD_BENCHMARKS=OFF", "-DPORTTWIN_PYTHON=ON",
                         f"-DPython3_EXECUTABLE={sys.executable}"]
            if shutil.which("ninja"):
                configure += ["-G", "Ninja"]
            subprocess.check_call(configure)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
        subprocess.check_call(["cmake", "--build", str(build_dir), "--target", "porttwin_python", "-j", jobs])
        built = sorted((build_dir / "python" / "porttwin").glob("_porttwin*.so"))
        if not built:
            raise RuntimeError(f"no _porttwin extension in {build_dir}/python/porttwin (is pybind11-dev installed?)")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built[0], target)


# Packages here rather than in pyproject.toml's [tool.setuptools], which Debian's setuptools 66
# still calls beta (and warns about).
setup(version=project_version(), packages=["porttwin"], package_data={"porttwin": ["py.typed", "*.pyi"]},
      ext_modules=[CMakeExtension("porttwin._porttwin")], cmdclass={"build_ext": CMakeBuild})
