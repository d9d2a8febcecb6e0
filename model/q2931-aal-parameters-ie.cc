/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-aal-parameters-ie.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931AalParametersIe");

AalParametersIe::AalParametersIe()
{
}

AalParametersIe::AalParametersIe(uint16_t forward, uint16_t backward)
    : forwardMaxSdu(forward),
      backwardMaxSdu(backward)
{
}

AalParametersIe
AalParametersIe::FromCallParameters(const CoCallParameters& p)
{
    AalParametersIe ie(p.forward.maxSduSize, p.backward.maxSduSize);
    ie.sscsType = SSCS_NULL;
    return ie;
}

uint16_t
AalParametersIe::GetContentsSize() const
{
    return 1 + (forwardMaxSdu ? 3 : 0) + (backwardMaxSdu ? 3 : 0) + (mode ? 2 : 0) +
           (sscsType ? 2 : 0);
}

void
AalParametersIe::SerializeContents(Buffer::Iterator& i) const
{
    i.WriteU8(AAL_TYPE_5);
    if (forwardMaxSdu)
    {
        i.WriteU8(FORWARD_MAX_SDU_ID);
        i.WriteHtonU16(*forwardMaxSdu);
    }
    if (backwardMaxSdu)
    {
        i.WriteU8(BACKWARD_MAX_SDU_ID);
        i.WriteHtonU16(*backwardMaxSdu);
    }
    if (mode)
    {
        i.WriteU8(MODE_ID);
        i.WriteU8(*mode);
    }
    if (sscsType)
    {
        i.WriteU8(SSCS_TYPE_ID);
        i.WriteU8(*sscsType);
    }
}

bool
AalParametersIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    if (length < 1)
    {
        NS_LOG_LOGIC("empty AAL parameters IE");
        return false;
    }
    uint8_t type = i.ReadU8();
    if (type != AAL_TYPE_5)
    {
        NS_LOG_LOGIC("AAL type " << +type << " is not modelled");
        return false;
    }
    *this = AalParametersIe();
    uint16_t left = length - 1;
    while (left > 0)
    {
        uint8_t id = i.ReadU8();
        --left;
        bool repeated = false;
        uint16_t size = 1;
        switch (id)
        {
        case FORWARD_MAX_SDU_ID:
            repeated = forwardMaxSdu.has_value();
            size = 2;
            break;
        case BACKWARD_MAX_SDU_ID:
            repeated = backwardMaxSdu.has_value();
            size = 2;
            break;
        case MODE_ID:
            repeated = mode.has_value();
            break;
        case SSCS_TYPE_ID:
            repeated = sscsType.has_value();
            break;
        default:
            NS_LOG_LOGIC("AAL parameters subfield 0x" << std::hex << +id << " not modelled");
            return false;
        }
        if (repeated || left < size)
        {
            NS_LOG_LOGIC("AAL parameters subfield 0x" << std::hex << +id
                                                      << " repeated or cut short");
            return false;
        }
        left -= size;
        switch (id)
        {
        case FORWARD_MAX_SDU_ID:
            forwardMaxSdu = i.ReadNtohU16();
            break;
        case BACKWARD_MAX_SDU_ID:
            backwardMaxSdu = i.ReadNtohU16();
            break;
        case MODE_ID:
            mode = i.ReadU8();
            break;
        case SSCS_TYPE_ID:
            sscsType = i.ReadU8();
            break;
        }
    }
    return true;
}

void
AalParametersIe::Print(std::ostream& os) const
{
    os << "AAL5";
    if (forwardMaxSdu || backwardMaxSdu)
    {
        os << " SDU ";
        if (forwardMaxSdu)
        {
            os << *forwardMaxSdu;
        }
        else
        {
            os << "-";
        }
        os << "/";
        if (backwardMaxSdu)
        {
            os << *backwardMaxSdu;
        }
        else
        {
            os << "-";
        }
    }
    if (mode)
    {
        os << " mode=" << +*mode;
    }
    if (sscsType)
    {
        os << " sscs=" << +*sscsType;
    }
}

bool
AalParametersIe::operator==(const AalParametersIe& other) const
{
    return forwardMaxSdu == other.forwardMaxSdu && backwardMaxSdu == other.backwardMaxSdu &&
           mode == other.mode && sscsType == other.sscsType;
}

bool
AalParametersIe::operator!=(const AalParametersIe& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const AalParametersIe& ie)
{
    ie.Print(os);
    return os;
}

} // namespace ns3
