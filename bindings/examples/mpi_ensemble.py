"""An ensemble spread over MPI ranks from Python (mpi4py, Debian's python3-mpi4py).

    mpirun -n 4 /usr/bin/python3 bindings/examples/mpi_ensemble.py \\
        scenarios/terminal-ransomware.yaml 200 ransomware.h5

Every rank runs this same script. porttwin.run(..., comm=MPI.COMM_WORLD) hands the replications
out from rank 0 one at a time (a slow one holds back nobody), each rank runs its share on
`threads` threads, and rank 0 writes one results file, identical to what one process writes for
the same scenario and seed. Rank 0 gets the Result; the others get None. If a rank dies, the
finished replications are kept in OUTPUT.partial/: run the same command with resume=True.
(As root, mpirun also needs --allow-run-as-root; on one machine with more ranks than cores,
--oversubscribe.)
"""
import sys

from mpi4py import MPI

import porttwin


def main() -> None:
    scenario, replications, output = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    comm = MPI.COMM_WORLD
    resume = "--resume" in sys.argv[4:]
    result = porttwin.run(scenario, replications=replications, threads=1, output=output, comm=comm,
                          resume=resume)
    if comm.rank == 0:
        print(f"{replications} replications on {comm.size} ranks -> {output}")
        print(result.summary().to_string())


if __name__ == "__main__":
    main()
