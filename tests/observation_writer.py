"""One writer process of the observation concurrency tests (tests/test_observations_concurrency.py).

    python tests/observation_writer.py ROOT PROPOSAL WORKER COUNT SIDE_FILE

Opens the store at ROOT in the backend the environment names (IMPLAN_REGS_DATABASE_URL), prints
``ready``, waits for a line on stdin, then adds COUNT observations to PROPOSAL through the library
(one store transaction each). As soon as each :func:`~implan_regs.observations.add` returns — the
write is committed — it appends ``id<TAB>text`` to SIDE_FILE and flushes it, so a writer killed at
any moment has reported exactly the writes it saw committed (plus none that were not).
"""

from __future__ import annotations

import sys

from implan_regs.observations import NewObservation, add
from implan_regs.store import Store

CITATIONS = ["artículo 1", "artículo 2 fracción II inciso b)", "artículo 2 Bis", "artículo 4", "capítulo II"]


def text_of(worker: int, number: int) -> str:
    return f"Observación {number} del proceso {worker}."


def department_of(worker: int) -> str:
    return f"Dirección General {worker}"


def write(root: str, proposal: str, worker: int, count: int, side: str) -> None:
    store = Store.open(root)
    print("ready", flush=True)
    sys.stdin.readline()
    with open(side, "a", encoding="utf-8") as out:
        for number in range(count):
            new = NewObservation(CITATIONS[number % len(CITATIONS)], department_of(worker), text_of(worker, number),
                                 "2021-05-03")
            obs = add(store, proposal, new, author=f"proceso-{worker}")
            out.write(f"{obs.id}\t{obs.text}\n")
            out.flush()  # in the kernel now: a kill -9 after this line cannot lose the report


if __name__ == "__main__":
    root, proposal, worker, count, side = sys.argv[1:]
    write(root, proposal, int(worker), int(count), side)
