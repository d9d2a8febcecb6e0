/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * libFuzzer target: any bytes as a frame on a CoChannel, i.e. a SunATM
 * record: the AtmFrameHeader, then an SSCOP PDU (SscopSdPdu: the Q.2931
 * message, padding, SscopTrailer), decoded as a port and SaalEndpoint do.
 * Nothing reaches an assert or reads past the frame; a PDU that decodes
 * re-encodes to one that decodes to the same message and N(S).
 */

#include "fuzz-common.h"

#include "ns3/atm-frame-header.h"
#include "ns3/packet.h"
#include "ns3/q2931-header.h"
#include "ns3/saal-endpoint.h"
#include "ns3/sscop-sd-pdu.h"
#include "ns3/sscop-trailer.h"

#include <cstdint>
#include <sstream>
#include <vector>

using namespace ns3;

namespace
{

/// \return the bytes of \p p
std::vector<uint8_t>
Bytes(Ptr<const Packet> p)
{
    std::vector<uint8_t> bytes(p->GetSize());
    p->CopyData(bytes.data(), bytes.size());
    return bytes;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size > 65536 + 64)
    {
        return 0;
    }
    Ptr<Packet> frame = Create<Packet>(data, size);
    AtmFrameHeader header;
    if (frame->GetSize() < header.GetSerializedSize())
    {
        return 0; // dropped by the port before any decoding
    }
    frame->RemoveHeader(header);
    std::ostringstream os;
    header.Print(os);
    os << header.GetTrafficType();

    // the trailer alone, read from the end
    SscopTrailer trailer;
    Ptr<Packet> copy = frame->Copy();
    if (copy->RemoveTrailer(trailer) != 0)
    {
        trailer.Print(os);
        FUZZ_CHECK(trailer.GetPadLength() <= 3, "pad length");
    }

    // as a port's SAAL endpoint receives it
    Q2931Header message;
    uint64_t callId = 0;
    bool ok = SaalEndpoint::Receive(frame->Copy(), message, callId);
    FUZZ_CHECK(callId == 0, "a call id without a tag");

    Q2931Header direct;
    SscopSdPdu pdu(direct);
    uint32_t read = frame->RemoveHeader(pdu);
    FUZZ_CHECK(ok == (read != 0), "SaalEndpoint::Receive and SscopSdPdu disagree");
    if (read == 0)
    {
        return 0;
    }
    FUZZ_CHECK(read == size - header.GetSerializedSize(), "a PDU is the whole frame");
    pdu.Print(os);

    // what a sender would make of the decoded message decodes to the same
    Ptr<Packet> sent = Create<Packet>();
    sent->AddHeader(SscopSdPdu(message, pdu.GetSequenceNumber()));
    Ptr<Packet> sentCopy = sent->Copy();
    Q2931Header back;
    SscopSdPdu backPdu(back);
    FUZZ_CHECK(sent->RemoveHeader(backPdu) == sentCopy->GetSize(),
               "a re-encoded PDU does not decode");
    FUZZ_CHECK(backPdu.GetSequenceNumber() == pdu.GetSequenceNumber(), "N(S) changed");
    Ptr<Packet> m1 = Create<Packet>();
    m1->AddHeader(message);
    Ptr<Packet> m2 = Create<Packet>();
    m2->AddHeader(back);
    FUZZ_CHECK(Bytes(m1) == Bytes(m2), "a re-encoded PDU carries another message");
    return 0;
}
