"""Backend lanes, tested on a CPU-only machine: they refuse, fallbacks are caught, overrides apply.

The real GPU and TPU runs need the hardware; this file proves the logic around them.
"""

from __future__ import annotations

import glob
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import panel, write_sheet
from jax_cheatsheet import cli
from jax_cheatsheet.check.runner import Runner
from jax_cheatsheet.check.service import check
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.record import FAIL, PASS

ROOT = Path(__file__).resolve().parents[1]
NOX = [sys.executable, "-m", "nox"]
ACTIONLINT = str(Path(sys.executable).parent / "actionlint")


@pytest.mark.parametrize("lane", ["doctest_gpu", "doctest_tpu"])
def test_a_lane_refuses_to_run_without_its_hardware(lane: str) -> None:
    # The same checks as the lanes of noxfile.py.
    if lane == "doctest_gpu":
        present = shutil.which("nvidia-smi") is not None or bool(glob.glob("/dev/nvidia[0-9]*"))
    else:
        present = bool(glob.glob("/dev/accel[0-9]*") or glob.glob("/dev/vfio/[0-9]*"))
    if present:
        pytest.skip(f"{lane}: this machine has the hardware, so the lane would run, not refuse")
    done = subprocess.run(
        [*NOX, "-f", str(ROOT / "noxfile.py"), "-s", lane],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    backend = lane.removeprefix("doctest_")
    assert done.returncode != 0
    assert f"the {backend} lane refuses to run" in done.stderr


def test_a_silent_fallback_to_cpu_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Simulate JAX starting on the CPU although a GPU run was asked for.
    monkeypatch.setitem(cli.PLATFORMS, "gpu", "cpu")
    root = write_sheet(tmp_path, {"a.md": panel("1 + 1   # -> 2")})
    assert cli.main(["doctest", str(root), "--backend", "gpu"]) == 3
    assert capsys.readouterr().err == (
        "error: asked for backend 'gpu' but JAX is using 'cpu'; refusing to check on the "
        "wrong backend\n"
    )


def test_per_backend_overrides_apply_on_their_backend(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snippet = (
        "jax.devices(); jax.default_backend()   # -> [CpuDevice(id=0)]; 'cpu'\n"
        "jnp.arange(3)                          # -> [0 1 2]"
    )
    override = (
        "```{override} gpu\n"
        "jax.devices(); jax.default_backend()   # -> [CudaDevice(id=0)]; 'gpu'\n```"
    )
    sheet = load_sheet(write_sheet(tmp_path, {"a.md": panel(snippet, extra=override)}))
    runner = Runner()
    try:
        environment = runner.describe()
        on_cpu = check(sheet, runner=runner)
        faked = {**environment, "backend": "gpu"}  # a faked backend name
        monkeypatch.setattr(runner, "describe", lambda: faked)
        on_gpu = check(sheet, runner=runner)
    finally:
        runner.close()
    assert [(r.expected, r.verdict) for r in on_cpu.results] == [
        ("[CpuDevice(id=0)]; 'cpu'", PASS),
        ("[0 1 2]", PASS),
    ]
    # On "gpu" the override is what counts, so the CPU truth now fails; other rows keep theirs.
    assert [(r.expected, r.verdict) for r in on_gpu.results] == [
        ("[CudaDevice(id=0)]; 'gpu'", FAIL),
        ("[0 1 2]", PASS),
    ]


def test_workflows_pass_actionlint_and_it_catches_mistakes() -> None:
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) >= 3
    good = subprocess.run([ACTIONLINT, *workflows], cwd=ROOT, capture_output=True, text=True)
    assert good.returncode == 0, good.stdout
    broken = ROOT / "tests" / "samples" / "workflows" / "broken.yml"
    bad = subprocess.run([ACTIONLINT, str(broken)], cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 1
    assert 'label "quantum" is unknown' in bad.stdout
    assert 'property "evnt" is not defined' in bad.stdout
