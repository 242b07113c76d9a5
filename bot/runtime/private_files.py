"""The data dir holds people's questions, every tenant's material and the Redis state: only the user
studybot runs as may read it. New files are made private by the umask set at start; a data dir made
by an earlier version (or by hand) is tightened once, with one log line saying so."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

UMASK = 0o077  # folders 0700, files 0600
FOLDER, FILE = 0o700, 0o600


def private_umask() -> None:
    """Everything this process creates from now on is private to its user."""
    os.umask(UMASK)


def make_private(data_dir: Path) -> int:
    """Folders 0700 and files 0600 (group and others lose every bit) throughout `data_dir`; symbolic
    links are left alone and never followed. Returns how many entries were tightened."""
    if not data_dir.exists():
        data_dir.mkdir(parents=True, mode=FOLDER)
        return 0
    tightened = 0
    for root, folders, files in os.walk(data_dir):
        for path in [Path(root), *(Path(root, f) for f in files)]:
            if _tighten(path):
                tightened += 1
        folders[:] = [f for f in folders if not Path(root, f).is_symlink()]
    if tightened:
        log.warning("made the data dir %s private to its owner: %d folders and files were open to other users",
                    data_dir, tightened)
    return tightened


def _tighten(path: Path) -> bool:
    try:
        st = path.lstat()
    except OSError:  # gone meanwhile
        return False
    if stat.S_ISLNK(st.st_mode) or st.st_uid != os.getuid() or not st.st_mode & 0o077:
        return False
    try:
        os.chmod(path, stat.S_IMODE(st.st_mode) & ~0o077)
    except OSError:
        return False
    return True
