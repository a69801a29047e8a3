"""The exercise host: one running exercise served to the seats round the table.

Every role plays from its own phone or laptop: a seat joins with the room code, picks a
role and a display name, reads its inbox of injects, acknowledges them, answers decision
points and takes the actions its role's rights allow. The facilitator steers the same
exercise from a console that needs its own secret; the projector shows the shared picture.
All of them speak one JSON-over-WebSocket protocol (docs/host.md).

    from host import ExerciseTable
    table = ExerciseTable.start(store, exercise, pacing=("paced", 10))   # or ExerciseTable.resume(store, session_id)
    app = host.app.build_app(table)                              # Starlette; host.serve.serve() runs it

The host sits above training/ (training never imports it) and imports no pygame.
"""
from .table import Client, ExerciseTable, TableError

__all__ = ["Client", "ExerciseTable", "TableError"]
