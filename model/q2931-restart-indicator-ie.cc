/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "q2931-restart-indicator-ie.h"

#include "ns3/assert.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Q2931RestartIndicatorIe");

namespace
{
constexpr uint8_t EXTENSION = 0x80;  //!< the octet is the last of its group
constexpr uint8_t CLASS_MASK = 0x07; //!< the class; the four bits above it are spare
} // namespace

RestartIndicatorIe::RestartIndicatorIe()
    : RestartIndicatorIe(ALL_VCS)
{
}

RestartIndicatorIe::RestartIndicatorIe(uint8_t restartClass)
    : restartClass(restartClass)
{
}

uint16_t
RestartIndicatorIe::GetContentsSize() const
{
    return 1;
}

void
RestartIndicatorIe::SerializeContents(Buffer::Iterator& i) const
{
    NS_ASSERT_MSG(restartClass == INDICATED_VC || restartClass == ALL_VCS,
                  "restart class " << +restartClass << " is reserved");
    i.WriteU8(EXTENSION | restartClass);
}

bool
RestartIndicatorIe::DeserializeContents(Buffer::Iterator& i, uint16_t length)
{
    if (length != 1)
    {
        NS_LOG_LOGIC("restart indicator IE of length " << length);
        return false;
    }
    uint8_t value = i.ReadU8() & CLASS_MASK;
    if (value != INDICATED_VC && value != ALL_VCS)
    {
        NS_LOG_LOGIC("restart class " << +value);
        return false;
    }
    restartClass = value;
    return true;
}

void
RestartIndicatorIe::Print(std::ostream& os) const
{
    os << "restart=" << (restartClass == ALL_VCS ? "all-vcs" : "indicated-vc");
}

bool
RestartIndicatorIe::operator==(const RestartIndicatorIe& other) const
{
    return restartClass == other.restartClass;
}

bool
RestartIndicatorIe::operator!=(const RestartIndicatorIe& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const RestartIndicatorIe& ie)
{
    ie.Print(os);
    return os;
}

} // namespace ns3
