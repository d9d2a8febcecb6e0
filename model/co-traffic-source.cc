/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-traffic-source.h"

#include "co-ns3-compat.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoTrafficSource");

NS_OBJECT_ENSURE_REGISTERED(CoTrafficSource);
NS_OBJECT_ENSURE_REGISTERED(CoCbrSource);
NS_OBJECT_ENSURE_REGISTERED(CoOnOffSource);
NS_OBJECT_ENSURE_REGISTERED(CoPoissonSource);
NS_OBJECT_ENSURE_REGISTERED(CoTraceReplaySource);

/// The largest AAL5 SDU (its length field has 16 bits).
static constexpr uint32_t MAX_AAL5_SDU = 65535;

/// The longest trace line read: "time size" takes a few dozen characters, and
/// a file without newlines (/dev/zero, a binary) would otherwise be read whole
/// into one string.
static constexpr std::size_t MAX_TRACE_LINE = 4096;

/**
 * \brief Reads one line, at most MAX_TRACE_LINE characters of it.
 * \param in the stream
 * \param[out] line the line, without its newline
 * \param[out] tooLong whether the line went on past the limit (then \p line is cut)
 * \return false at the end of the stream, nothing read
 */
static bool
ReadTraceLine(std::istream& in, std::string& line, bool& tooLong)
{
    line.clear();
    tooLong = false;
    std::streambuf* buffer = in.rdbuf();
    for (int c = buffer->sbumpc(); c != std::char_traits<char>::eof(); c = buffer->sbumpc())
    {
        if (c == '\n')
        {
            return true;
        }
        if (line.size() == MAX_TRACE_LINE)
        {
            tooLong = true;
            return true;
        }
        line.push_back(static_cast<char>(c));
    }
    return !line.empty();
}

/// On periods in a row too short for a frame after which an on/off source gives up.
static constexpr uint32_t MAX_SILENT_PERIODS = 1000000;

TypeId
CoTrafficSource::GetTypeId()
{
    static TypeId tid = TypeId("ns3::CoTrafficSource").SetParent<Object>().SetGroupName("Condis");
    return tid;
}

int64_t
CoTrafficSource::AssignStreams(int64_t /* stream */)
{
    return 0;
}

std::string
CoTrafficSource::Validate()
{
    return "";
}

// ---- CBR ---------------------------------------------------------------------

TypeId
CoCbrSource::GetTypeId()
{
    static TypeId tid = TypeId("ns3::CoCbrSource")
                            .SetParent<CoTrafficSource>()
                            .SetGroupName("Condis")
                            .AddConstructor<CoCbrSource>()
                            .AddAttribute("PacketSize",
                                          "Bytes per frame.",
                                          UintegerValue(512),
                                          MakeUintegerAccessor(&CoCbrSource::m_packetSize),
                                          MakeUintegerChecker<uint32_t>())
                            .AddAttribute("Interval",
                                          "Time between frames.",
                                          TimeValue(MilliSeconds(10)),
                                          MakeTimeAccessor(&CoCbrSource::m_interval),
                                          MakeTimeChecker());
    return tid;
}

bool
CoCbrSource::GetNextFrame(CoTrafficFrame& frame)
{
    frame.gap = m_started ? m_interval : Time(0);
    frame.size = m_packetSize;
    m_started = true;
    return true;
}

std::string
CoCbrSource::Validate()
{
    if (m_packetSize == 0 || m_packetSize > MAX_AAL5_SDU)
    {
        return "CBR PacketSize " + std::to_string(m_packetSize) + " is not in 1..65535";
    }
    if (!m_interval.IsStrictlyPositive())
    {
        return "CBR Interval " + std::to_string(m_interval.GetSeconds()) + " s is not positive";
    }
    return "";
}

double
CoCbrSource::GetMeanBitRate() const
{
    return m_packetSize * 8.0 / m_interval.GetSeconds();
}

// ---- on/off VBR ----------------------------------------------------------------

TypeId
CoOnOffSource::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoOnOffSource")
            .SetParent<CoTrafficSource>()
            .SetGroupName("Condis")
            .AddConstructor<CoOnOffSource>()
            .AddAttribute("PeakRate",
                          "The rate of SDU bytes while on.",
                          DataRateValue(DataRate("1Mbps")),
                          MakeDataRateAccessor(&CoOnOffSource::m_peakRate),
                          MakeDataRateChecker())
            .AddAttribute("PacketSize",
                          "Bytes per frame.",
                          UintegerValue(512),
                          MakeUintegerAccessor(&CoOnOffSource::m_packetSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("OnTime",
                          "Seconds per on period (a ParetoRandomVariable for heavy tails).",
                          StringValue("ns3::ExponentialRandomVariable[Mean=0.1]"),
                          MakePointerAccessor(&CoOnOffSource::m_onTime),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("OffTime",
                          "Seconds per off period.",
                          StringValue("ns3::ExponentialRandomVariable[Mean=0.1]"),
                          MakePointerAccessor(&CoOnOffSource::m_offTime),
                          MakePointerChecker<RandomVariableStream>());
    return tid;
}

void
CoOnOffSource::DoDispose()
{
    m_onTime = nullptr;
    m_offTime = nullptr;
    CoTrafficSource::DoDispose();
}

int64_t
CoOnOffSource::AssignStreams(int64_t stream)
{
    m_onTime->SetStream(stream);
    m_offTime->SetStream(stream + 1);
    return 2;
}

bool
CoOnOffSource::GetNextFrame(CoTrafficFrame& frame)
{
    Time interval = CoBitsTxTime(m_peakRate, 8 * uint64_t(m_packetSize));
    if (!m_started)
    {
        m_started = true;
        m_onLeft = Seconds(std::max(0.0, m_onTime->GetValue()));
    }
    // Periods too short for one frame are silent; they still take their time.
    // A source whose on periods never hold a frame ends rather than spin.
    for (uint32_t silent = 0; m_onLeft < interval; ++silent)
    {
        if (silent == MAX_SILENT_PERIODS)
        {
            NS_LOG_WARN("on/off source: " << silent << " on periods in a row too short for "
                                          << "one frame; the source ends");
            return false;
        }
        m_carry += m_onLeft + Seconds(std::max(0.0, m_offTime->GetValue()));
        m_onLeft = Seconds(std::max(0.0, m_onTime->GetValue()));
    }
    frame.gap = m_carry;
    frame.size = m_packetSize;
    m_onLeft -= interval;
    m_carry = interval;
    return true;
}

std::string
CoOnOffSource::Validate()
{
    if (m_packetSize == 0 || m_packetSize > MAX_AAL5_SDU)
    {
        return "on/off PacketSize " + std::to_string(m_packetSize) + " is not in 1..65535";
    }
    if (m_peakRate.GetBitRate() == 0)
    {
        return "on/off PeakRate is 0";
    }
    return "";
}

double
CoOnOffSource::GetMeanBitRate() const
{
    return 0; // depends on the period distributions; see the class description
}

// ---- Poisson frames ---------------------------------------------------------------

TypeId
CoPoissonSource::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CoPoissonSource")
            .SetParent<CoTrafficSource>()
            .SetGroupName("Condis")
            .AddConstructor<CoPoissonSource>()
            .AddAttribute("FrameRate",
                          "Frames per second (the gaps are exponential with mean 1/FrameRate).",
                          DoubleValue(100.0),
                          MakeDoubleAccessor(&CoPoissonSource::m_frameRate),
                          MakeDoubleChecker<double>())
            .AddAttribute("MeanSize",
                          "Bytes per frame: each frame's, or the mean of exponential sizes.",
                          UintegerValue(512),
                          MakeUintegerAccessor(&CoPoissonSource::m_meanSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxSize",
                          "The largest exponential size, bytes (larger draws are cut).",
                          UintegerValue(9188),
                          MakeUintegerAccessor(&CoPoissonSource::m_maxSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("SizeDistribution",
                          "Fixed or Exponential frame sizes.",
                          EnumValue(FIXED_SIZE),
                          CoMakeEnumAccessor<SizeDistribution>(&CoPoissonSource::m_sizes),
                          MakeEnumChecker(FIXED_SIZE, "Fixed", EXPONENTIAL_SIZE, "Exponential"));
    return tid;
}

CoPoissonSource::CoPoissonSource()
    : m_frameRate(100.0),
      m_meanSize(512),
      m_maxSize(9188),
      m_sizes(FIXED_SIZE),
      m_gapVariable(CreateObject<ExponentialRandomVariable>()),
      m_sizeVariable(CreateObject<ExponentialRandomVariable>())
{
    // Mean 1, no bound: scaled at each draw, so attributes may change at any time.
    m_gapVariable->SetAttribute("Mean", DoubleValue(1.0));
    m_sizeVariable->SetAttribute("Mean", DoubleValue(1.0));
}

void
CoPoissonSource::DoDispose()
{
    m_gapVariable = nullptr;
    m_sizeVariable = nullptr;
    CoTrafficSource::DoDispose();
}

int64_t
CoPoissonSource::AssignStreams(int64_t stream)
{
    m_gapVariable->SetStream(stream);
    m_sizeVariable->SetStream(stream + 1);
    return 2;
}

bool
CoPoissonSource::GetNextFrame(CoTrafficFrame& frame)
{
    frame.gap = Seconds(m_gapVariable->GetValue() / m_frameRate);
    if (m_sizes == FIXED_SIZE)
    {
        frame.size = m_meanSize;
    }
    else
    {
        double size = std::round(m_sizeVariable->GetValue() * m_meanSize);
        frame.size = static_cast<uint32_t>(std::clamp(size, 1.0, double(m_maxSize)));
    }
    return true;
}

std::string
CoPoissonSource::Validate()
{
    if (!(m_frameRate > 0) || !std::isfinite(m_frameRate))
    {
        return "Poisson FrameRate " + std::to_string(m_frameRate) + " is not positive";
    }
    if (m_meanSize == 0 || m_meanSize > MAX_AAL5_SDU)
    {
        return "Poisson MeanSize " + std::to_string(m_meanSize) + " is not in 1..65535";
    }
    if (m_maxSize == 0 || m_maxSize > MAX_AAL5_SDU)
    {
        return "Poisson MaxSize " + std::to_string(m_maxSize) + " is not in 1..65535";
    }
    return "";
}

double
CoPoissonSource::GetMeanBitRate() const
{
    return m_frameRate * m_meanSize * 8.0; // exponential sizes: before rounding and the cut
}

// ---- trace replay ------------------------------------------------------------------

TypeId
CoTraceReplaySource::GetTypeId()
{
    static TypeId tid = TypeId("ns3::CoTraceReplaySource")
                            .SetParent<CoTrafficSource>()
                            .SetGroupName("Condis")
                            .AddConstructor<CoTraceReplaySource>()
                            .AddAttribute("FileName",
                                          "The trace: one \"time size\" line per frame, time in "
                                          "seconds from the start, size in bytes.",
                                          StringValue(""),
                                          MakeStringAccessor(&CoTraceReplaySource::m_fileName),
                                          MakeStringChecker());
    return tid;
}

std::string
CoTraceReplaySource::Validate()
{
    if (m_loaded)
    {
        return m_error;
    }
    m_loaded = true;
    m_trace.clear();
    std::ifstream in(m_fileName);
    if (!in)
    {
        m_error = "cannot open trace file '" + m_fileName + "'";
        return m_error;
    }
    std::string line;
    uint64_t number = 0;
    Time last(0);
    bool tooLong = false;
    while (ReadTraceLine(in, line, tooLong))
    {
        ++number;
        if (tooLong)
        {
            m_error = m_fileName + ":" + std::to_string(number) + ": a line longer than " +
                      std::to_string(MAX_TRACE_LINE) +
                      " characters: not a trace of \"time size\" lines";
            break;
        }
        std::istringstream fields(line);
        std::string first;
        if (!(fields >> first) || first[0] == '#')
        {
            continue;
        }
        std::string where = m_fileName + ":" + std::to_string(number) + ": ";
        double seconds;
        long long size;
        std::string rest;
        std::istringstream time(first);
        if (!(time >> seconds) || !time.eof() || !(fields >> size) || (fields >> rest))
        {
            m_error = where + "expected \"time size\", got '" + line + "'";
            break;
        }
        if (!std::isfinite(seconds) || seconds < 0 || Seconds(seconds) < last)
        {
            m_error = where + "time " + first + " is negative or earlier than the line before";
            break;
        }
        if (size < 1 || size > MAX_AAL5_SDU)
        {
            m_error = where + "size " + std::to_string(size) + " is not in 1..65535";
            break;
        }
        last = Seconds(seconds);
        m_trace.push_back(Entry{last, static_cast<uint32_t>(size)});
    }
    if (!m_error.empty())
    {
        m_trace.clear();
    }
    return m_error;
}

bool
CoTraceReplaySource::GetNextFrame(CoTrafficFrame& frame)
{
    if (!Validate().empty())
    {
        NS_LOG_WARN(m_error);
        return false;
    }
    if (m_next >= m_trace.size())
    {
        return false;
    }
    frame.gap = m_trace[m_next].at - (m_next == 0 ? Time(0) : m_trace[m_next - 1].at);
    frame.size = m_trace[m_next].size;
    ++m_next;
    return true;
}

double
CoTraceReplaySource::GetMeanBitRate() const
{
    if (m_trace.size() < 2 || m_trace.back().at.IsZero())
    {
        return 0;
    }
    double bytes = 0;
    for (const Entry& e : m_trace)
    {
        bytes += e.size;
    }
    return bytes * 8.0 / m_trace.back().at.GetSeconds();
}

std::size_t
CoTraceReplaySource::GetFrameCount() const
{
    return m_trace.size();
}

} // namespace ns3
