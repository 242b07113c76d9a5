"""`studybot tenant rm T` as an operator runs it: a real process, the private Redis of the data dir."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.test_cli import STUDYBOT, studybot


def test_tenant_rm_forgets_one_tenant_and_asks_first(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for tenant, text in (("TGONE", "Gone teams study tokenizers."), ("TKEPT", "Kept teams study gardening.")):
        (tmp_path / f"{tenant}.md").write_text(f"# Notes\n\n{text}\n")
        studybot(data, "ingest", str(tmp_path / f"{tenant}.md"), "--tenant", tenant)
        studybot(data, "note", "add", f"a note of {tenant}", "--tenant", tenant)

    refused = subprocess.run([*STUDYBOT, "--data-dir", str(data), "tenant", "rm", "TGONE"], input="n\n",
                             capture_output=True, text=True, timeout=300)
    assert refused.returncode == 1 and "cannot be undone" in refused.stdout
    assert json.loads(studybot(data, "sources", "--tenant", "TGONE", "--json").stdout)

    done = json.loads(studybot(data, "tenant", "rm", "TGONE", "--yes", "--json").stdout)
    assert done["tenant"] == "TGONE"
    assert (done["removed"]["sources"], done["removed"]["notes"], done["removed"]["Slack installation"]) == (1, 2, 0)
    again = studybot(data, "tenant", "rm", "TGONE", "--yes").stdout
    assert again.startswith("Removed tenant TGONE: nothing was left.")
    assert json.loads(studybot(data, "sources", "--tenant", "TGONE", "--json").stdout) == []
    assert "a note of TGONE" not in studybot(data, "note", "list", "--tenant", "TGONE").stdout
    assert len(json.loads(studybot(data, "sources", "--tenant", "TKEPT", "--json").stdout)) == 1
    assert "a note of TKEPT" in studybot(data, "note", "list", "--tenant", "TKEPT").stdout
