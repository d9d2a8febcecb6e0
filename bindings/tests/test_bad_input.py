# SPDX-License-Identifier: GPL-2.0-only
"""Bad input from Python: always a ValueError whose message names the field.

Numbers JSON cannot hold, NaN and infinity, bytes that are not UTF-8 in a
C++ message, sizes beyond the limits, duplicate keys and deep nesting in
JSON text, garbled topology files; and a sweep started from a script read
on standard input. Nothing here allocates much: each bound trips first.
"""

import math
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import condis
from condis import _condis

SOURCE_DIR = pathlib.Path(
    os.environ.get("CONDIS_SOURCE_DIR",
                   pathlib.Path(__file__).resolve().parents[2]))

# (keyword arguments of Scenario, what the ValueError's message must hold)
BAD_KEYWORDS = [
    (dict(calls={"rate": math.nan}), "calls.rate: nan: not a number JSON"),
    (dict(calls={"rate": math.inf}), "calls.rate: inf"),
    (dict(topology={"generator": "waxman", "alpha": -math.inf}),
     "topology.alpha: -inf"),
    (dict(switches={"admissibleFraction": float("nan")}),
     "switches.admissibleFraction: nan"),
    (dict(failures=[{"at": "1s", "action": "fail", "link": [0, math.nan]}]),
     r"failures\[0\].link\[1\]: nan"),
    (dict(failures=[{"at": "1s", "action": "fail",
                     "signalling": [math.inf, 1]}]),
     r"failures\[0\].signalling\[0\]: inf"),
    (dict(calls={"rate": np.float64("nan")}), "calls.rate: nan"),
    (dict(seed=10 ** 400), "seed: 1000000000"),
    (dict(seed=2 ** 64), "seed: .*expected an integer"),
    (dict(hosts={"perSwitch": 10 ** 9}),
     "hosts.perSwitch: 1000000000: at most 5000"),
    (dict(topology={"generator": "line", "n": 2 * 10 ** 7}),
     "topology.n: 20000000: at most 5000"),
    (dict(topology={"generator": "grid", "rows": 5000, "cols": 5000}),
     "topology.rows: 5000: .* 25000000 switches"),
    (dict(topology={"generator": "waxman", "n": 10 ** 5}),
     "topology.n: 100000: at most 2000"),
    (dict(statistics={"sampleInterval": "1ns"}),
     "statistics.sampleInterval: 1ns"),
    (dict(calls={"rate": 1e10}), "calls.rate: 10000000000.0: at most 1e6"),
    (dict(calls={"packetInterval": "1ns"}), "calls.packetInterval: 1ns"),
    (dict(calls={"category": "CBR\0"}), r'calls.category: "CBR\\u0000"'),
    (dict(topology={"file": "net\0.dot"}), "topology.file: .*NUL"),
    (dict(hosts={"per\0Switch": 1}), r'hosts."per\\u0000Switch": 1'),
    (dict(calls={"category": "\ud800"}), "calls.category: not valid JSON"),
    (dict(hosts={1: 2}), "hosts: 1: keys must be strings"),
    (dict(calls={"rate": object()}), "calls.rate: <object object"),
    (dict(duration=b"10s"), "duration: b'10s': a bytes"),
]


@pytest.mark.parametrize("kwargs, message", BAD_KEYWORDS)
def test_bad_keywords_raise_value_error_naming_the_field(kwargs, message):
    with pytest.raises(ValueError, match=message) as info:
        condis.Scenario(**kwargs)
    assert str(info.value).isprintable()


def test_at_least_22_malformed_inputs_are_covered():
    assert len(BAD_KEYWORDS) >= 22


@pytest.mark.parametrize("text, message", [
    ('{"seed": 1e400}', "seed: 1e400: a number too large for a double"),
    ('{"seed": 1, "seed": 2}', "seed: the key is given twice"),
    ('{"\\u0000": 1}', r'"\\u0000": 1: unknown key'),
    ('{"calls": ' + "[" * 100000 + "]" * 100000 + "}",
     "nested deeper than 64"),
    ("", "not valid JSON"),
])
def test_bad_json_text_raises_value_error(text, message):
    with pytest.raises(ValueError, match=message):
        condis.Scenario.from_json(text)


def test_nan_in_run_and_replace_is_named():
    s = condis.Scenario()
    with pytest.raises(ValueError, match="^seed: nan"):
        condis.run(s, seed=math.nan)
    with pytest.raises(ValueError, match="^calls.rate: inf"):
        s.replace(calls={"rate": math.inf})


def test_nan_in_a_sweep_grid_is_named():
    with pytest.raises(ValueError, match="calls.rate: nan"):
        condis.sweep(condis.Scenario(), {"calls.rate": [1, math.nan]})


def test_numpy_values_are_taken_as_numbers():
    s = condis.Scenario(topology={"generator": "grid", "rows": np.int64(3),
                                  "cols": np.uint32(2)},
                        calls={"rate": np.float32(0.5)})
    assert s.topology["rows"] == 3 and s.calls["rate"] == 0.5


def test_file_names_with_nul_are_refused():
    with pytest.raises(ValueError, match="cannot hold a NUL"):
        condis.Scenario.load("scenario\0.json")


def test_bad_scenario_file_through_load(tmp_path):
    path = tmp_path / "s.json"
    path.write_bytes(b'{"calls": {"rate": 1e400}}')
    with pytest.raises(ValueError, match="calls.rate: 1e400: a number too large"):
        condis.Scenario.load(path)


def test_a_path_object_names_a_topology_file():
    path = SOURCE_DIR / "examples" / "topologies" / "ring8.dot"
    s = condis.Scenario(topology={"file": path})
    assert s.topology["file"] == str(path)


def test_message_that_is_not_utf8_survives():
    with pytest.raises(ValueError) as info:
        _condis._throw_for_test("not_utf8")
    assert str(info.value) == "test: \\xff\\xfe not UTF-8"


def test_garbled_topology_file_gives_a_message(tmp_path):
    garbage = tmp_path / "garbage.dot"
    garbage.write_bytes(b"graph { \xff\xfe\x80 -- \xc0\xaf }")
    s = condis.Scenario(topology={"file": str(garbage)})
    with pytest.raises(ValueError) as info:
        s.check()
    message = str(info.value)
    assert message.startswith('topology.file: "%s"' % garbage)
    assert "\\xFF" in message and message.isprintable()


def test_deep_topology_files_are_refused(tmp_path):
    dot = tmp_path / "deep.dot"
    dot.write_text("graph {" + "{" * 20000 + "}" * 20000 + "}")
    graphml = tmp_path / "deep.graphml"
    graphml.write_text('<graphml><graph edgedefault="undirected">'
                       + "<x>" * 40000 + "</x>" * 40000
                       + "</graph></graphml>")
    for path in (dot, graphml):
        with pytest.raises(ValueError, match="nested deeper than 100"):
            condis.Scenario(topology={"file": str(path)}).check()


def test_sweep_from_a_script_on_standard_input(tmp_path):
    """The forkserver's children would run ``<stdin>`` again and die."""
    script = (
        "import condis\n"
        "s = condis.Scenario(topology={'generator': 'line', 'n': 2},\n"
        "                    duration='1s')\n"
        "t = condis.sweep(s, {'calls.rate': [0.5, 1]}, 1, workers=2,\n"
        "                 progress=False)\n"
        "print('ok', int(t['replications_ok'].sum()))\n")
    package_dir = str(pathlib.Path(condis.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=package_dir)
    result = subprocess.run([sys.executable, "-"], input=script, text=True,
                            capture_output=True, cwd=tmp_path, env=env,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok", "2"], result.stdout + result.stderr
