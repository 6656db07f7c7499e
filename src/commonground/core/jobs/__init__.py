"""Background work that survives a dead worker: leases, time limits, retries, a page.

* :mod:`.policy`: what each task declares (time limit, tries, its app object, what to do
  when it finally fails or is tried again);
* :mod:`.recovery`: leases, heartbeats and the sweep that queues a dead worker's task again;
* :mod:`.worker`: the database worker (`commonground task-worker`) that uses them;
* :mod:`.rq`: the same policy on Redis, through RQ's own timeout, retry and cleaning;
* :mod:`.listing`: what the officers' "Background work" page shows, and "Try again".
"""

from .policy import Subject, TaskPolicy, policy_for, recoverable

__all__ = ["Subject", "TaskPolicy", "policy_for", "recoverable"]
