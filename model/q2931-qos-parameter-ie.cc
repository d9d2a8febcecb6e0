/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-qos-parameter-ie.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931QosParameterIe");

QosParameterIe::QosParameterIe()
    : QosParameterIe(0, 0)
{
}

QosParameterIe::QosParameterIe(uint8_t forward, uint8_t backward)
    : forwardClass(forward),
      backwardClass(backward)
{
}

uint16_t
QosParameterIe::GetContentsSize() const
{
    return 2;
}

void
QosParameterIe::SerializeContents(Buffer::Iterator& i) const
{
    i.WriteU8(forwardClass);
    i.WriteU8(backwardClass);
}

bool
QosParameterIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    if (length != 2)
    {
        NS_LOG_LOGIC("QoS parameter IE of length " << length);
        return false;
    }
    forwardClass = i.ReadU8();
    backwardClass = i.ReadU8();
    return true;
}

void
QosParameterIe::Print(std::ostream& os) const
{
    os << "qos=" << +forwardClass << "/" << +backwardClass;
}

bool
QosParameterIe::operator==(const QosParameterIe& other) const
{
    return forwardClass == other.forwardClass && backwardClass == other.backwardClass;
}

bool
QosParameterIe::operator!=(const QosParameterIe& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const QosParameterIe& ie)
{
    ie.Print(os);
    return os;
}

} // namespace ns3
