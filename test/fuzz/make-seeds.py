#!/usr/bin/python3
"""Writes the seed corpora of the fuzz targets (test/fuzz/corpus/<target>/)
from known-good captures (SunATM pcaps such as the reference captures of
/work/shared/wireshark) and the sample files of examples/.

usage: test/fuzz/make-seeds.py CAPTURE.pcap...

Each seed is named after its source, so running it again rewrites the same
files. Inputs that once crashed a target are added by hand (crash-<what>).
"""

import pathlib
import struct
import sys

top = pathlib.Path(__file__).resolve().parents[2]
corpus = top / "test" / "fuzz" / "corpus"


def records(path):
    """The records of a little- or big-endian pcap file of link type 123."""
    data = pathlib.Path(path).read_bytes()
    magic = data[:4]
    order = "<" if magic == b"\xd4\xc3\xb2\xa1" else ">"
    if struct.unpack(order + "I", data[20:24])[0] != 123:
        sys.exit(f"{path}: not a SunATM capture (link type 123)")
    i = 24
    while i + 16 <= len(data):
        incl = struct.unpack(order + "I", data[i + 8 : i + 12])[0]
        yield data[i + 16 : i + 16 + incl]
        i += 16 + incl


def write(target, name, data):
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def port_record(port, delay_ms, frame):
    """A frame for fuzz-port-receive: control byte, 2-byte length, frame."""
    return bytes([(delay_ms << 2) | port]) + struct.pack(">H", len(frame)) + frame


def main():
    for capture in sys.argv[1:]:
        stem = pathlib.Path(capture).stem
        conversation = b""
        for n, record in enumerate(records(capture), 1):
            name = f"{stem}-{n:02d}"
            write("sscop-sd-pdu", name, record)
            pdu = record[4:]
            user_side = record[0] & 0x80 != 0
            if len(pdu) >= 4 and pdu[-4] & 0x0F == 0x08:  # an SD PDU
                pad = pdu[-4] >> 6
                write("q2931-header", name, pdu[: len(pdu) - 4 - pad])
            # a user-side frame arrives at the switch's port to host a, a
            # network-side one at host a
            port = 0 if user_side else 2
            write("port-receive", name, port_record(port, 2, record))
            conversation += port_record(port, 2, record)
        write("port-receive", f"{stem}-all", conversation)
    for f in sorted((top / "examples" / "scenarios").glob("*.json")):
        write("scenario-json", f.stem, f.read_bytes())
    for f in sorted((top / "examples" / "topologies").glob("*.graphml")):
        write("topology-graphml", f.stem, f.read_bytes())
    for f in sorted((top / "examples" / "topologies").glob("*.dot")):
        write("topology-dot", f.stem, f.read_bytes())


if __name__ == "__main__":
    main()
