/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-scenario.h"

#include "ns3/co-topology-reader.h"
#include "ns3/co-vc-scheduler.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

namespace ns3
{

namespace
{

using Json = nlohmann::json;

/// The generators, and the parameters each one reads.
const std::vector<std::pair<std::string, std::vector<std::string>>> GENERATORS = {
    {"line", {"n"}},
    {"ring", {"n"}},
    {"star", {"leaves"}},
    {"grid", {"rows", "cols"}},
    {"torus", {"rows", "cols"}},
    {"tree", {"depth", "fanout"}},
    {"waxman", {"n", "alpha", "beta"}},
};

/**
 * \param generator a generator's name
 * \return its parameters' names, or null for an unknown generator
 */
const std::vector<std::string>*
GeneratorParameters(const std::string& generator)
{
    for (const auto& [name, parameters] : GENERATORS)
    {
        if (name == generator)
        {
            return &parameters;
        }
    }
    return nullptr;
}

/**
 * \param names some names
 * \return them, comma separated
 */
std::string
Join(const std::vector<std::string>& names)
{
    std::string out;
    for (const std::string& name : names)
    {
        out += (out.empty() ? "" : ", ") + name;
    }
    return out;
}

/**
 * \brief Throws the error every validation failure becomes.
 * \param path the field, e.g. "calls.holding.mean"
 * \param value the offending value, as the user wrote it
 * \param problem what is wrong with it
 */
[[noreturn]] void
Fail(const std::string& path, const std::string& value, const std::string& problem)
{
    throw std::invalid_argument(path + ": " + value + ": " + problem);
}

/// Longest value quoted in a message: a message is one line.
constexpr std::size_t MAX_SHOWN = 80;

/**
 * \param text some text
 * \return it cut to MAX_SHOWN characters (not inside a UTF-8 sequence),
 *         with "..." when cut
 */
std::string
Shorten(const std::string& text)
{
    if (text.size() <= MAX_SHOWN)
    {
        return text;
    }
    std::size_t end = MAX_SHOWN;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    {
        --end;
    }
    return text.substr(0, end) + "...";
}

/// \return a JSON value as the user would write it, shortened
std::string
Show(const Json& value)
{
    // Bytes that are not UTF-8 (only in values built in C++: the parser
    // refuses them) are shown as U+FFFD rather than thrown about.
    // JSON leaves DEL (0x7F) unescaped: Printable() does not.
    return Shorten(
        CoTopologyReader::Printable(value.dump(-1, ' ', false, Json::error_handler_t::replace)));
}

/// \return a string as a JSON string: quoted, control characters escaped, shortened
std::string
Quote(const std::string& text)
{
    return Show(Json(text));
}

/**
 * \param key an object's key
 * \return the key as a path component: as it is when it is a plain name,
 *         else quoted with its control characters escaped (a NUL in a
 *         message would cut it short)
 */
std::string
KeyText(const std::string& key)
{
    bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-';
    });
    return plain ? Shorten(key) : Quote(key);
}

/**
 * \brief Refuses JSON text nested deeper than MAX_JSON_DEPTH, before it is
 *        parsed: parsing, printing and freeing deep values take stack in
 *        proportion to the depth.
 * \param text the text
 * \throws std::invalid_argument naming the line
 */
void
CheckJsonDepth(const std::string& text)
{
    uint32_t depth = 0;
    uint64_t line = 1;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        char c = text[i];
        if (c == '\n')
        {
            ++line;
        }
        if (inString)
        {
            if (c == '\\')
            {
                ++i; // an escaped character, perhaps a quote
            }
            else if (c == '"')
            {
                inString = false;
            }
        }
        else if (c == '"')
        {
            inString = true;
        }
        else if (c == '[' || c == '{')
        {
            if (++depth > CoScenario::MAX_JSON_DEPTH)
            {
                throw std::invalid_argument("line " + std::to_string(line) +
                                            ": JSON nested deeper than " +
                                            std::to_string(CoScenario::MAX_JSON_DEPTH) +
                                            " levels (a scenario needs 4): refused before parsing");
            }
        }
        else if ((c == ']' || c == '}') && depth > 0)
        {
            --depth;
        }
    }
}

/**
 * Follows nlohmann's parser through the document: the path of the value
 * being read (for the message when a number overflows) and the keys of
 * every open object (a key given twice is an error: the parser would keep
 * the last one silently).
 */
class PathTracker
{
  public:
    /**
     * \brief Called by the parser for every event.
     * \param event what was read
     * \param parsed the key, for a key
     * \return true: keep everything
     */
    bool operator()(nlohmann::detail::parse_event_t event, const Json& parsed)
    {
        using Event = nlohmann::detail::parse_event_t;
        switch (event)
        {
        case Event::object_start:
        case Event::array_start:
            NextElement();
            m_frames.push_back(Frame{event == Event::array_start, 0, "", {}});
            break;
        case Event::object_end:
        case Event::array_end:
            if (!m_frames.empty())
            {
                m_frames.pop_back();
            }
            break;
        case Event::key: {
            Frame& top = m_frames.back();
            top.key = parsed.get<std::string>();
            if (!top.keys.insert(top.key).second)
            {
                throw std::invalid_argument(Path() +
                                            ": the key is given twice in the same object (the "
                                            "reader is strict: which one was meant?)");
            }
            break;
        }
        case Event::value:
            NextElement();
            break;
        }
        return true;
    }

    /// \return the path of the value being read, e.g. "failures[1].at"
    std::string Path() const
    {
        std::string path;
        for (std::size_t i = 0; i < m_frames.size(); ++i)
        {
            const Frame& f = m_frames[i];
            if (f.array)
            {
                // An open array or object was counted when it began; in the
                // innermost array, the value being read is not counted yet.
                bool innermost = i + 1 == m_frames.size();
                path +=
                    "[" + std::to_string(innermost || f.index == 0 ? f.index : f.index - 1) + "]";
            }
            else if (!f.key.empty() || !f.keys.empty())
            {
                path += (path.empty() ? "" : ".") + KeyText(f.key);
            }
        }
        return path.empty() ? "scenario" : path;
    }

  private:
    /// Counts an element of the array being read, if one is.
    void NextElement()
    {
        if (!m_frames.empty() && m_frames.back().array)
        {
            ++m_frames.back().index;
        }
    }

    /// An open object or array.
    struct Frame
    {
        bool array;                 //!< an array, else an object
        std::size_t index;          //!< elements begun so far (arrays)
        std::string key;            //!< the last key read (objects)
        std::set<std::string> keys; //!< every key read (objects)
    };

    std::vector<Frame> m_frames; //!< from the top level in
};

/**
 * \brief Writes a time exactly, in the largest unit that keeps it whole.
 * \param t the time
 * \return e.g. "100us", "2s"
 */
std::string
FormatTime(Time t)
{
    int64_t ns = t.GetNanoSeconds();
    for (auto [factor, unit] : {std::make_pair(INT64_C(1000000000), "s"),
                                std::make_pair(INT64_C(1000000), "ms"),
                                std::make_pair(INT64_C(1000), "us")})
    {
        if (ns != 0 && ns % factor == 0)
        {
            return std::to_string(ns / factor) + unit;
        }
    }
    return std::to_string(ns) + (ns == 0 ? "s" : "ns");
}

/**
 * \brief Writes a data rate exactly, in the largest unit that keeps it whole.
 * \param rate the rate
 * \return e.g. "155520kbps", "1Gbps"
 */
std::string
FormatRate(DataRate rate)
{
    uint64_t bps = rate.GetBitRate();
    for (auto [factor, unit] : {std::make_pair(UINT64_C(1000000000), "Gbps"),
                                std::make_pair(UINT64_C(1000000), "Mbps"),
                                std::make_pair(UINT64_C(1000), "kbps")})
    {
        if (bps != 0 && bps % factor == 0)
        {
            return std::to_string(bps / factor) + unit;
        }
    }
    return std::to_string(bps) + "bps";
}

/// \return the action's JSON name
const char*
ActionName(CoScenarioFailure::Action action)
{
    return action == CoScenarioFailure::Action::Fail ? "fail" : "restore";
}

/**
 * One JSON object being read: checks its keys against those the format
 * knows and reads typed values, naming the field's path on every error.
 */
class ObjectReader
{
  public:
    /**
     * \param value what should be an object
     * \param path its path ("" for the top level)
     * \param keys the keys it may hold
     */
    ObjectReader(const Json& value, std::string path, const std::vector<std::string>& keys)
        : m_value(value),
          m_path(std::move(path))
    {
        if (!m_value.is_object())
        {
            Fail(m_path.empty() ? "scenario" : m_path, Show(m_value), "expected a JSON object");
        }
        for (const auto& item : m_value.items())
        {
            bool known = false;
            for (const std::string& key : keys)
            {
                known = known || key == item.key();
            }
            if (!known)
            {
                Fail(Path(item.key()),
                     Show(item.value()),
                     "unknown key (known here: " + Join(keys) + ")");
            }
        }
    }

    /// \param key a key \return its full path
    std::string Path(const std::string& key) const
    {
        return m_path.empty() ? KeyText(key) : m_path + "." + KeyText(key);
    }

    /// \param key a key \return the value, or null when absent
    const Json* Find(const std::string& key) const
    {
        auto it = m_value.find(key);
        return it == m_value.end() ? nullptr : &*it;
    }

    /// Reads an unsigned 32-bit integer, if present.
    void Read(const std::string& key, uint32_t& out) const
    {
        if (const Json* v = Find(key))
        {
            if (!v->is_number_integer() || v->get<int64_t>() < 0 ||
                v->get<int64_t>() > int64_t(UINT32_MAX))
            {
                Fail(Path(key), Show(*v), "expected an integer from 0 to 4294967295");
            }
            out = v->get<uint32_t>();
        }
    }

    /// Reads a number, if present.
    void Read(const std::string& key, double& out) const
    {
        if (const Json* v = Find(key))
        {
            if (!v->is_number())
            {
                Fail(Path(key), Show(*v), "expected a number");
            }
            out = v->get<double>();
        }
    }

    /// Reads a Boolean, if present.
    void Read(const std::string& key, bool& out) const
    {
        if (const Json* v = Find(key))
        {
            if (!v->is_boolean())
            {
                Fail(Path(key), Show(*v), "expected true or false");
            }
            out = v->get<bool>();
        }
    }

    /// Reads a string, if present.
    void Read(const std::string& key, std::string& out) const
    {
        if (const Json* v = Find(key))
        {
            if (!v->is_string())
            {
                Fail(Path(key), Show(*v), "expected a string");
            }
            out = v->get<std::string>();
        }
    }

    /// Reads a time written as a string with a unit, if present.
    void Read(const std::string& key, Time& out) const
    {
        if (const Json* v = Find(key))
        {
            if (!v->is_string() || !CoTopologyReader::ParseTime(v->get<std::string>(), out))
            {
                Fail(Path(key),
                     Show(*v),
                     "expected a time of at least 0 as a string with a unit, e.g. \"100us\", "
                     "\"2ms\", \"1.5s\"");
            }
        }
    }

    /// Reads a data rate written as a string with a unit, if present.
    void Read(const std::string& key, DataRate& out) const
    {
        if (const Json* v = Find(key))
        {
            if (!v->is_string() || !CoTopologyReader::ParseDataRate(v->get<std::string>(), out))
            {
                Fail(Path(key),
                     Show(*v),
                     "expected a data rate above 0 as a string with a unit, e.g. "
                     "\"155.52Mbps\", \"1Gbps\"");
            }
        }
    }

  private:
    const Json& m_value; //!< the object
    std::string m_path;  //!< its path
};

/**
 * \brief Reads one entry of the failures list.
 * \param value the entry
 * \param path its path, e.g. "failures[2]"
 * \return the failure
 */
CoScenarioFailure
ReadFailure(const Json& value, const std::string& path)
{
    ObjectReader r(value, path, {"at", "action", "link", "switch", "signalling"});
    CoScenarioFailure f;
    if (!r.Find("at"))
    {
        Fail(r.Path("at"), "(missing)", "every failure needs a time");
    }
    r.Read("at", f.at);
    std::string action;
    r.Read("action", action);
    if (action == "fail")
    {
        f.action = CoScenarioFailure::Action::Fail;
    }
    else if (action == "restore")
    {
        f.action = CoScenarioFailure::Action::Restore;
    }
    else
    {
        Fail(r.Path("action"),
             r.Find("action") ? Show(*r.Find("action")) : "(missing)",
             "expected \"fail\" or \"restore\"");
    }
    const Json* link = r.Find("link");
    const Json* sw = r.Find("switch");
    const Json* signalling = r.Find("signalling");
    if ((link != nullptr) + (sw != nullptr) + (signalling != nullptr) != 1)
    {
        Fail(path,
             Show(value),
             "give exactly one of \"link\": [u, v], \"signalling\": [u, v] and \"switch\": v");
    }
    if (sw)
    {
        f.target = CoScenarioFailure::Target::Switch;
        r.Read("switch", f.vertex);
        return f;
    }
    // A link, or its signalling channel alone: the same [u, v].
    const char* key = link ? "link" : "signalling";
    const Json& ends = link ? *link : *signalling;
    f.target = link ? CoScenarioFailure::Target::Link : CoScenarioFailure::Target::Signalling;
    auto vertexOk = [](const Json& x) {
        return x.is_number_integer() && x.get<int64_t>() >= 0 && x.get<int64_t>() <= UINT32_MAX;
    };
    if (!ends.is_array() || ends.size() != 2 || !vertexOk(ends[0]) || !vertexOk(ends[1]))
    {
        Fail(r.Path(key), Show(ends), "expected [u, v], two switch numbers");
    }
    f.vertex = ends[0].get<uint32_t>();
    f.peer = ends[1].get<uint32_t>();
    return f;
}

/**
 * \brief Reads a list of host numbers.
 * \param value what should be the list
 * \param path its path
 * \param what what the list holds, for the message
 * \return the numbers
 */
std::vector<uint32_t>
ReadHostList(const Json& value, const std::string& path, const char* what)
{
    if (!value.is_array())
    {
        Fail(path, Show(value), std::string("expected a list of ") + what);
    }
    std::vector<uint32_t> hosts;
    for (std::size_t i = 0; i < value.size(); ++i)
    {
        const Json& h = value[i];
        if (!h.is_number_integer() || h.get<int64_t>() < 0 || h.get<int64_t>() > UINT32_MAX)
        {
            Fail(path + "[" + std::to_string(i) + "]",
                 Show(h),
                 "expected a host number (0, 1, ...: hosts are numbered switch by switch)");
        }
        hosts.push_back(h.get<uint32_t>());
    }
    return hosts;
}

/**
 * \brief Reads one entry of the multipoint list.
 * \param value the entry
 * \param path its path, e.g. "multipoint[0]"
 * \return the group
 */
CoScenarioMultipointGroup
ReadMultipointGroup(const Json& value, const std::string& path)
{
    ObjectReader r(value,
                   path,
                   {"root",
                    "leaves",
                    "join",
                    "leafJoin",
                    "maxLeaves",
                    "arrival",
                    "holding",
                    "start",
                    "stop",
                    "pcr",
                    "packetSize",
                    "packetInterval"});
    CoScenarioMultipointGroup g;
    if (!r.Find("root"))
    {
        Fail(r.Path("root"), "(missing)", "every multipoint group needs a root host");
    }
    r.Read("root", g.root);
    const Json* leaves = r.Find("leaves");
    if (!leaves)
    {
        Fail(r.Path("leaves"),
             "(missing)",
             "every multipoint group needs leaves: a list of hosts, or how many to draw");
    }
    if (leaves->is_number())
    {
        r.Read("leaves", g.leafCount);
    }
    else
    {
        g.leaves = ReadHostList(*leaves, r.Path("leaves"), "host numbers, or a number of leaves");
    }
    r.Read("join", g.join);
    r.Read("leafJoin", g.leafJoin);
    r.Read("maxLeaves", g.maxLeaves);
    if (r.Find("leafJoin") && g.join != "leaf")
    {
        Fail(r.Path("leafJoin"),
             Show(*r.Find("leafJoin")),
             "only a group whose leaves ask to join (\"join\": \"leaf\") has a leafJoin mode");
    }
    if (const Json* a = r.Find("arrival"))
    {
        ObjectReader ar(*a, r.Path("arrival"), {"process", "rate", "times"});
        ar.Read("process", g.arrival);
        ar.Read("rate", g.rate);
        if (const Json* times = ar.Find("times"))
        {
            if (!times->is_array())
            {
                Fail(ar.Path("times"), Show(*times), "expected a list of times, one per leaf");
            }
            for (std::size_t i = 0; i < times->size(); ++i)
            {
                Time t;
                if (!(*times)[i].is_string() ||
                    !CoTopologyReader::ParseTime((*times)[i].get<std::string>(), t))
                {
                    Fail(ar.Path("times") + "[" + std::to_string(i) + "]",
                         Show((*times)[i]),
                         "expected a time of at least 0 as a string with a unit, e.g. \"2s\"");
                }
                g.times.push_back(t);
            }
        }
        if (ar.Find("rate") && g.arrival != "poisson")
        {
            Fail(ar.Path("rate"), Show(*ar.Find("rate")), "only the poisson process has a rate");
        }
        if (ar.Find("times") && g.arrival != "fixed")
        {
            Fail(ar.Path("times"), Show(*ar.Find("times")), "only the fixed process has times");
        }
    }
    if (const Json* h = r.Find("holding"))
    {
        ObjectReader hr(*h, r.Path("holding"), {"distribution", "mean"});
        hr.Read("distribution", g.holdingDistribution);
        hr.Read("mean", g.holdingMean);
    }
    r.Read("start", g.start);
    r.Read("stop", g.stop);
    if (r.Find("stop") && g.stop <= g.start)
    {
        Fail(r.Path("stop"), Show(*r.Find("stop")), "must be after start");
    }
    r.Read("pcr", g.pcr);
    r.Read("packetSize", g.packetSize);
    r.Read("packetInterval", g.packetInterval);
    return g;
}

/// The traffic types, and the keys each one reads besides "type".
const std::vector<std::pair<std::string, std::vector<std::string>>> TRAFFIC_TYPES = {
    {"cbr", {"rate", "frameSize"}},
    {"poisson", {"frameRate", "frameSize", "sizes", "maxSize"}},
    {"onoff", {"peakRate", "frameSize", "on", "off"}},
    {"trace", {"file"}},
};

/**
 * \param type a traffic type's name
 * \return the keys it reads, or null for an unknown type
 */
const std::vector<std::string>*
TrafficKeys(const std::string& type)
{
    for (const auto& [name, keys] : TRAFFIC_TYPES)
    {
        if (name == type)
        {
            return &keys;
        }
    }
    return nullptr;
}

/**
 * \brief Reads an on or off period of an on/off source: {"distribution", "mean", "shape"}.
 * \param r the traffic object's reader
 * \param key "on" or "off"
 * \param[out] distribution its distribution
 * \param[out] mean its mean
 * \param[out] shape its Pareto shape
 */
void
ReadPeriod(const ObjectReader& r,
           const std::string& key,
           std::string& distribution,
           Time& mean,
           double& shape)
{
    if (const Json* v = r.Find(key))
    {
        ObjectReader pr(*v, r.Path(key), {"distribution", "mean", "shape"});
        pr.Read("distribution", distribution);
        pr.Read("mean", mean);
        pr.Read("shape", shape);
        if (pr.Find("shape") && distribution != "pareto")
        {
            Fail(pr.Path("shape"), Show(*pr.Find("shape")), "only a pareto period has a shape");
        }
    }
}

/**
 * \brief Reads a call model's traffic object.
 * \param value the object
 * \param path its path, e.g. "calls.traffic"
 * \return the traffic
 */
CoScenarioTraffic
ReadTraffic(const Json& value, const std::string& path)
{
    std::vector<std::string> keys{"type"};
    for (const auto& t : TRAFFIC_TYPES)
    {
        for (const std::string& k : t.second)
        {
            if (std::find(keys.begin(), keys.end(), k) == keys.end())
            {
                keys.push_back(k);
            }
        }
    }
    ObjectReader r(value, path, keys);
    CoScenarioTraffic t;
    if (!r.Find("type"))
    {
        Fail(r.Path("type"),
             "(missing)",
             "a traffic object needs a type (cbr, poisson, onoff, trace)");
    }
    r.Read("type", t.type);
    const std::vector<std::string>* accepted = TrafficKeys(t.type);
    if (!accepted)
    {
        std::vector<std::string> names;
        for (const auto& known : TRAFFIC_TYPES)
        {
            names.push_back(known.first);
        }
        Fail(r.Path("type"), Quote(t.type), "unknown traffic type (known: " + Join(names) + ")");
    }
    // A key another type reads (a "frameRate" for cbr, say) is a mistake: say so.
    for (const auto& item : value.items())
    {
        if (item.key() != "type" &&
            std::find(accepted->begin(), accepted->end(), item.key()) == accepted->end())
        {
            Fail(r.Path(item.key()),
                 Show(item.value()),
                 "not a parameter of " + t.type + " traffic (it takes " + Join(*accepted) + ")");
        }
    }
    r.Read("rate", t.rate);
    r.Read("peakRate", t.peakRate);
    r.Read("frameSize", t.frameSize);
    r.Read("frameRate", t.frameRate);
    r.Read("sizes", t.sizes);
    r.Read("maxSize", t.maxSize);
    ReadPeriod(r, "on", t.onDistribution, t.onMean, t.onShape);
    ReadPeriod(r, "off", t.offDistribution, t.offMean, t.offShape);
    r.Read("file", t.file);
    if (r.Find("file") && t.file.empty())
    {
        Fail(r.Path("file"), "\"\"", "expected a trace file's name");
    }
    if (t.type == "trace" && !r.Find("file"))
    {
        Fail(r.Path("file"), "(missing)", "trace traffic needs a file of \"time size\" lines");
    }
    return t;
}

/**
 * \brief Reads a call model: the calls object, or an entry of callGroups.
 * \param value the object
 * \param path its path
 * \return the call model
 */
CoScenarioCalls
ReadCalls(const Json& value, const std::string& path)
{
    ObjectReader r(value,
                   path,
                   {"arrival",
                    "rate",
                    "holding",
                    "category",
                    "pcr",
                    "scr",
                    "mbs",
                    "minPcr",
                    "maxSdu",
                    "who",
                    "packetSize",
                    "packetInterval",
                    "traffic"});
    CoScenarioCalls c;
    r.Read("arrival", c.arrival);
    r.Read("rate", c.rate);
    if (const Json* h = r.Find("holding"))
    {
        ObjectReader hr(*h, r.Path("holding"), {"distribution", "mean"});
        hr.Read("distribution", c.holdingDistribution);
        hr.Read("mean", c.holdingMean);
    }
    r.Read("category", c.category);
    r.Read("pcr", c.pcr);
    r.Read("scr", c.scr);
    r.Read("mbs", c.mbs);
    r.Read("minPcr", c.minPcr);
    r.Read("maxSdu", c.maxSdu);
    r.Read("who", c.who);
    r.Read("packetSize", c.packetSize);
    r.Read("packetInterval", c.packetInterval);
    if (const Json* t = r.Find("traffic"))
    {
        c.traffic = ReadTraffic(*t, r.Path("traffic"));
        if (r.Find("packetSize") || r.Find("packetInterval"))
        {
            Fail(r.Path(r.Find("packetSize") ? "packetSize" : "packetInterval"),
                 Show(*r.Find(r.Find("packetSize") ? "packetSize" : "packetInterval")),
                 "give either a traffic object or packetSize and packetInterval, not both");
        }
    }
    return c;
}

/**
 * \param t a traffic object
 * \return it as JSON, only the keys its type reads
 */
Json
TrafficJson(const CoScenarioTraffic& t)
{
    Json j = {{"type", t.type}};
    auto period = [](const std::string& distribution, Time mean, double shape) {
        Json p = {{"distribution", distribution}, {"mean", FormatTime(mean)}};
        if (distribution == "pareto")
        {
            p["shape"] = shape;
        }
        return p;
    };
    if (t.type == "cbr")
    {
        j["rate"] = FormatRate(t.rate);
        j["frameSize"] = t.frameSize;
    }
    else if (t.type == "poisson")
    {
        j["frameRate"] = t.frameRate;
        j["frameSize"] = t.frameSize;
        j["sizes"] = t.sizes;
        j["maxSize"] = t.maxSize;
    }
    else if (t.type == "onoff")
    {
        j["peakRate"] = FormatRate(t.peakRate);
        j["frameSize"] = t.frameSize;
        j["on"] = period(t.onDistribution, t.onMean, t.onShape);
        j["off"] = period(t.offDistribution, t.offMean, t.offShape);
    }
    else if (t.type == "trace")
    {
        j["file"] = t.file;
    }
    return j;
}

/**
 * \param c a call model
 * \return it as JSON, every key written (traffic only when given)
 */
Json
CallsJson(const CoScenarioCalls& c)
{
    Json j = {
        {"arrival", c.arrival},
        {"rate", c.rate},
        {"holding", {{"distribution", c.holdingDistribution}, {"mean", FormatTime(c.holdingMean)}}},
        {"category", c.category},
        {"pcr", c.pcr},
        {"scr", c.scr},
        {"mbs", c.mbs},
        {"minPcr", c.minPcr},
        {"maxSdu", c.maxSdu},
        {"who", c.who}};
    if (c.traffic.IsSet())
    {
        j["traffic"] = TrafficJson(c.traffic);
    }
    else
    {
        j["packetSize"] = c.packetSize;
        j["packetInterval"] = FormatTime(c.packetInterval);
    }
    return j;
}

/// The CoVcScheduler disciplines, by their scenario names.
const std::vector<std::string> DISCIPLINES = {"WRR", "WFQ"};

/// The CoVcScheduler category services, by their scenario names.
const std::vector<std::string> CATEGORY_SERVICES = {"priority", "weighted"};

/// The fidelities (CoVcScheduler's Fidelity), by their scenario names.
const std::vector<std::string> FIDELITIES = {"frame", "cell"};

/// The VC weightings (CoVcScheduler's VcWeighting), by their scenario names.
const std::vector<std::string> VC_WEIGHTINGS = {"equal", "contract"};

/// The keys of categoryWeights: the service categories, CBR first (as CoServiceCategory).
const std::vector<std::string> CATEGORY_NAMES = {"CBR", "rt-VBR", "nrt-VBR", "UBR"};

/// The UPC actions (CoSwitch's Upc), by their scenario names.
const std::vector<std::string> UPC_ACTIONS = {"none", "tag", "discard"};

/// The keys of queueing.hosts.
const std::vector<std::string> SCHEDULER_KEYS = {"cdvt",
                                                 "discipline",
                                                 "categoryService",
                                                 "categoryWeights",
                                                 "vcMaxFrames",
                                                 "vcMaxCells",
                                                 "maxFrames",
                                                 "maxCells",
                                                 "epdThreshold",
                                                 "clpThreshold",
                                                 "fidelity",
                                                 "partialPacketDiscard",
                                                 "vcWeighting",
                                                 "weightUnit"};

/// The keys of queueing.switches: the schedulers', and the switches' UPC.
const std::vector<std::string> SWITCH_SCHEDULER_KEYS = [] {
    std::vector<std::string> keys = SCHEDULER_KEYS;
    keys.insert(keys.end(), {"upc", "upcCdvt"});
    return keys;
}();

/**
 * \brief Reads the scheduler settings of one kind of port.
 * \param value the object
 * \param path its path, "queueing.hosts" or "queueing.switches"
 * \return the settings
 */
CoScenarioScheduler
ReadScheduler(const Json& value, const std::string& path)
{
    bool switches = path == "queueing.switches";
    ObjectReader r(value, path, switches ? SWITCH_SCHEDULER_KEYS : SCHEDULER_KEYS);
    CoScenarioScheduler q;
    r.Read("cdvt", q.cdvt);
    r.Read("discipline", q.discipline);
    r.Read("categoryService", q.categoryService);
    if (const Json* w = r.Find("categoryWeights"))
    {
        // A category left out keeps its weight.
        ObjectReader wr(*w, r.Path("categoryWeights"), CATEGORY_NAMES);
        for (std::size_t i = 0; i < CATEGORY_NAMES.size(); ++i)
        {
            wr.Read(CATEGORY_NAMES[i], q.categoryWeights[i]);
        }
    }
    r.Read("vcMaxFrames", q.vcMaxFrames);
    r.Read("vcMaxCells", q.vcMaxCells);
    r.Read("maxFrames", q.maxFrames);
    r.Read("maxCells", q.maxCells);
    r.Read("epdThreshold", q.epdThreshold);
    r.Read("clpThreshold", q.clpThreshold);
    r.Read("fidelity", q.fidelity);
    r.Read("partialPacketDiscard", q.partialPacketDiscard);
    r.Read("vcWeighting", q.vcWeighting);
    r.Read("weightUnit", q.weightUnit);
    r.Read("upc", q.upc);
    r.Read("upcCdvt", q.upcCdvt);
    return q;
}

/**
 * \param q scheduler settings
 * \param switches true for queueing.switches (which has the UPC keys)
 * \return them as JSON, every key written
 */
Json
SchedulerJson(const CoScenarioScheduler& q, bool switches)
{
    Json weights = Json::object();
    for (std::size_t i = 0; i < CATEGORY_NAMES.size(); ++i)
    {
        weights[CATEGORY_NAMES[i]] = q.categoryWeights[i];
    }
    Json j = {{"cdvt", FormatTime(q.cdvt)},
              {"discipline", q.discipline},
              {"categoryService", q.categoryService},
              {"categoryWeights", weights},
              {"vcMaxFrames", q.vcMaxFrames},
              {"vcMaxCells", q.vcMaxCells},
              {"maxFrames", q.maxFrames},
              {"maxCells", q.maxCells},
              {"epdThreshold", q.epdThreshold},
              {"clpThreshold", q.clpThreshold},
              {"fidelity", q.fidelity},
              {"partialPacketDiscard", q.partialPacketDiscard},
              {"vcWeighting", q.vcWeighting},
              {"weightUnit", q.weightUnit}};
    if (switches)
    {
        j["upc"] = q.upc;
        j["upcCdvt"] = FormatTime(q.upcCdvt);
    }
    return j;
}

/// Why hosts are limited.
const std::string HOSTS_WHY = "each host is a node with a NIC and two applications, and with "
                              "all-pairs every host keeps the address of every other";

/**
 * \param s a scenario
 * \return about how many times each port is sampled: the run lasts its
 *         duration and then until the last call ends (for exponential
 *         holding times, taken as 20 means: the longest of 10^7 draws is
 *         about 16)
 */
double
SamplesPerPort(const CoScenario& s)
{
    double tail = 0;
    for (const CoScenarioCalls* c : s.GetCallModels())
    {
        tail =
            std::max(tail,
                     c->holdingMean.GetSeconds() * (c->holdingDistribution == "constant" ? 1 : 20));
    }
    // A failure scheduled after the calls keeps the run (and the sampling) going.
    Time last = s.duration;
    for (const CoScenarioFailure& f : s.failures)
    {
        last = std::max(last, f.at);
    }
    // So does a multipoint group that stops later.
    for (const CoScenarioMultipointGroup& g : s.multipoint)
    {
        last = std::max(last, g.stop);
    }
    return (last.GetSeconds() + tail) / s.statistics.sampleInterval.GetSeconds() + 1;
}

/// \return a large count, rounded, e.g. "1.2e+08" or "3400"
std::string
Count(double value)
{
    std::ostringstream os;
    os << std::setprecision(2) << value;
    return os.str();
}

} // namespace

void
CoScenario::Validate() const
{
    auto atLeast = [](const char* path, uint64_t value, uint64_t min) {
        if (value < min)
        {
            Fail(path, std::to_string(value), "must be at least " + std::to_string(min));
        }
    };
    auto positiveTime = [](const char* path, Time t) {
        if (!t.IsStrictlyPositive())
        {
            Fail(path, FormatTime(t), "must be above 0");
        }
    };
    auto timeAtLeast = [](const char* path, Time t, Time min) {
        if (t < min)
        {
            Fail(path, FormatTime(t), "must be at least " + FormatTime(min));
        }
    };

    // topology
    uint64_t generatedSwitches = 0;
    uint64_t generatedLinks = 0;
    if (topology.file.empty())
    {
        const std::vector<std::string>* parameters = GeneratorParameters(topology.generator);
        if (!parameters)
        {
            std::vector<std::string> names;
            for (const auto& g : GENERATORS)
            {
                names.push_back(g.first);
            }
            Fail("topology.generator",
                 Quote(topology.generator),
                 "unknown generator (known: " + Join(names) + "; or give a \"file\")");
        }
        const std::string& g = topology.generator;
        // The switches and links the generator makes (Waxman: at least),
        // so that a size beyond the limits is refused before anything is
        // generated.
        uint64_t switches = 0;
        uint64_t links = 0;
        auto atMost = [](const char* path, uint64_t value, uint64_t max, const std::string& why) {
            if (value > max)
            {
                Fail(path, std::to_string(value), "at most " + std::to_string(max) + ": " + why);
            }
        };
        const std::string tooMany =
            "every switch's routing table has an entry per switch, so memory grows as "
            "switches^2";
        if (g == "line" || g == "waxman")
        {
            atLeast("topology.n", topology.n, 1);
            if (g == "waxman")
            {
                atMost("topology.n",
                       topology.n,
                       MAX_WAXMAN_SWITCHES,
                       "the waxman generator draws for every pair of switches and a dense draw "
                       "links most of them");
            }
            atMost("topology.n", topology.n, MAX_SWITCHES, tooMany);
            switches = topology.n;
            links = topology.n - 1;
        }
        else if (g == "ring")
        {
            atLeast("topology.n", topology.n, 3);
            atMost("topology.n", topology.n, MAX_SWITCHES, tooMany);
            switches = links = topology.n;
        }
        else if (g == "star")
        {
            atLeast("topology.leaves", topology.leaves, 1);
            atMost("topology.leaves", topology.leaves, MAX_SWITCHES - 1, tooMany);
            switches = uint64_t(topology.leaves) + 1;
            links = topology.leaves;
        }
        else if (g == "grid" || g == "torus")
        {
            atLeast("topology.rows", topology.rows, g == "torus" ? 3 : 1);
            atLeast("topology.cols", topology.cols, g == "torus" ? 3 : 1);
            switches = uint64_t(topology.rows) * topology.cols;
            if (switches > MAX_SWITCHES)
            {
                Fail("topology.rows",
                     std::to_string(topology.rows),
                     "with " + std::to_string(topology.cols) + " columns that makes " +
                         std::to_string(switches) + " switches: at most " +
                         std::to_string(MAX_SWITCHES) + ": " + tooMany);
            }
            links = g == "torus" ? 2 * switches
                                 : uint64_t(topology.rows) * (topology.cols - 1) +
                                       uint64_t(topology.cols) * (topology.rows - 1);
        }
        else if (g == "tree")
        {
            atLeast("topology.fanout", topology.fanout, 1);
            // Counted until past the limit (a fanout of 10^9 overflows nothing).
            uint64_t vertices = 1;
            uint64_t level = 1;
            for (uint32_t d = 0; d < topology.depth && vertices <= MAX_SWITCHES; ++d)
            {
                level *= topology.fanout;
                vertices += level;
            }
            if (vertices > MAX_SWITCHES)
            {
                Fail("topology.depth",
                     std::to_string(topology.depth),
                     "with fanout " + std::to_string(topology.fanout) + " the tree has more than " +
                         std::to_string(MAX_SWITCHES) + " switches, the most allowed: " + tooMany);
            }
            switches = vertices;
            links = vertices - 1;
        }
        if (g == "waxman")
        {
            if (!(topology.alpha > 0) || !std::isfinite(topology.alpha))
            {
                Fail("topology.alpha", Show(topology.alpha), "must be above 0");
            }
            if (!(topology.beta > 0 && topology.beta <= 1))
            {
                Fail("topology.beta", Show(topology.beta), "must be in (0, 1]");
            }
        }
        generatedSwitches = switches;
        generatedLinks = links;
    }
    else if (topology.file.find('\0') != std::string::npos)
    {
        // The system would open the name up to the NUL: another file.
        Fail("topology.file", Quote(topology.file), "a file name cannot hold a NUL character");
    }

    // hosts, links, switches
    atLeast("hosts.perSwitch", hosts.perSwitch, 1);
    if (hosts.perSwitch > MAX_HOSTS)
    {
        Fail("hosts.perSwitch",
             std::to_string(hosts.perSwitch),
             "at most " + std::to_string(MAX_HOSTS) + " hosts in all: " + HOSTS_WHY);
    }
    atLeast("hosts.rate", hosts.rate.GetBitRate(), 1);
    timeAtLeast("hosts.delay", hosts.delay, Seconds(0));
    atLeast("links.rate", links.rate.GetBitRate(), 1);
    timeAtLeast("links.delay", links.delay, Seconds(0));
    atLeast("links.weight", links.weight, 1);
    timeAtLeast("switches.processingDelay", switches.processingDelay, Seconds(0));
    if (!(switches.admissibleFraction >= 0 && switches.admissibleFraction <= 1))
    {
        Fail("switches.admissibleFraction", Show(switches.admissibleFraction), "must be in [0, 1]");
    }
    timeAtLeast("switches.t303", switches.t303, MilliSeconds(1));
    timeAtLeast("switches.t308", switches.t308, MilliSeconds(1));
    timeAtLeast("switches.t309", switches.t309, MilliSeconds(1));
    timeAtLeast("switches.t310", switches.t310, MilliSeconds(1));

    // calls, and the further call groups
    if (callGroups.size() > MAX_CALL_GROUPS)
    {
        Fail("callGroups",
             std::to_string(callGroups.size()) + " entries",
             "at most " + std::to_string(MAX_CALL_GROUPS) +
                 ": each is a call generator on every host");
    }
    ValidateCalls(calls, "calls");
    for (std::size_t i = 0; i < callGroups.size(); ++i)
    {
        ValidateCalls(callGroups[i], "callGroups[" + std::to_string(i) + "]");
    }

    ValidateQueueing();

    // failures: the vertices are checked against the topology by the runner
    if (failures.size() > MAX_FAILURES)
    {
        Fail("failures",
             std::to_string(failures.size()) + " entries",
             "at most " + std::to_string(MAX_FAILURES) +
                 ": each failure or repair computes every switch's routes again (a shortest-path "
                 "search per switch)");
    }
    for (std::size_t i = 0; i < failures.size(); ++i)
    {
        const CoScenarioFailure& f = failures[i];
        std::string path = "failures[" + std::to_string(i) + "]";
        timeAtLeast((path + ".at").c_str(), f.at, Seconds(0));
        if (f.target != CoScenarioFailure::Target::Switch && f.vertex == f.peer)
        {
            Fail(path + (f.target == CoScenarioFailure::Target::Link ? ".link" : ".signalling"),
                 "[" + std::to_string(f.vertex) + ", " + std::to_string(f.peer) + "]",
                 "a link joins two different switches");
        }
    }

    positiveTime("statistics.sampleInterval", statistics.sampleInterval);
    positiveTime("duration", duration);
    atLeast("seed", seed, 1);
    ValidateMultipoint(); // after duration: a group stops at it by default
    if (SamplesPerPort(*this) > MAX_SAMPLES_PER_PORT)
    {
        Fail("statistics.sampleInterval",
             FormatTime(statistics.sampleInterval),
             "every port would be sampled about " + Count(SamplesPerPort(*this)) +
                 " times (the run lasts about duration, or until the last failure, plus the "
                 "longest holding time): at most 1e7: sample less often");
    }
    if (topology.file.empty())
    {
        CheckTotals(generatedSwitches, generatedLinks);
    }
}

void
CoScenario::ValidateCalls(const CoScenarioCalls& c, const std::string& path) const
{
    auto field = [&path](const char* key) { return path + "." + key; };
    auto atLeast = [&field](const char* key, uint64_t value, uint64_t min) {
        if (value < min)
        {
            Fail(field(key), std::to_string(value), "must be at least " + std::to_string(min));
        }
    };
    if (c.arrival != "poisson")
    {
        Fail(field("arrival"), Quote(c.arrival), "unknown arrival process (known: poisson)");
    }
    // 0: no point-to-point calls in "calls", which a study of multipoint
    // groups or of other call groups may want; a call group places calls.
    bool mayBeIdle = &c == &calls && (!multipoint.empty() || !callGroups.empty());
    if (!(c.rate > 0 || (c.rate == 0 && mayBeIdle)) || !std::isfinite(c.rate))
    {
        Fail(field("rate"),
             Show(c.rate),
             &c == &calls ? "must be above 0 (calls per second per host; 0, no calls, only with a "
                            "multipoint or a callGroups section)"
                          : "must be above 0 (calls per second per host)");
    }
    if (c.rate > MAX_CALL_RATE)
    {
        Fail(field("rate"),
             Show(c.rate),
             "at most 1e6 calls per second per host: ns-3's clock counts whole nanoseconds, "
             "and at faster rates the times between calls round to 0 ns and simulated time "
             "stops advancing");
    }
    if (c.holdingDistribution != "exponential" && c.holdingDistribution != "constant")
    {
        Fail(field("holding.distribution"),
             Quote(c.holdingDistribution),
             "unknown distribution (known: exponential, constant)");
    }
    if (!c.holdingMean.IsStrictlyPositive())
    {
        Fail(field("holding.mean"), FormatTime(c.holdingMean), "must be above 0");
    }
    bool vbr = c.category == "rt-VBR" || c.category == "nrt-VBR";
    if (c.category != "CBR" && c.category != "UBR" && !vbr)
    {
        Fail(field("category"),
             Quote(c.category),
             "unknown service category (known: CBR, rt-VBR, nrt-VBR, UBR)");
    }
    if (c.category != "UBR")
    {
        atLeast("pcr", c.pcr, 1);
    }
    if (vbr)
    {
        atLeast("scr", c.scr, 1);
        if (c.scr > c.pcr)
        {
            Fail(field("scr"),
                 std::to_string(c.scr),
                 "exceeds " + field("pcr") + " " + std::to_string(c.pcr));
        }
        atLeast("mbs", c.mbs, 1);
    }
    if (c.minPcr > 0 && c.category != "UBR" && c.minPcr > c.pcr)
    {
        Fail(field("minPcr"),
             std::to_string(c.minPcr),
             "exceeds " + field("pcr") + " " + std::to_string(c.pcr) +
                 " (the lowest rate the callers accept is above what they ask for)");
    }
    if (c.maxSdu < 1 || c.maxSdu > 65535)
    {
        Fail(field("maxSdu"), std::to_string(c.maxSdu), "must be 1..65535");
    }
    if (c.who != "all-pairs")
    {
        Fail(field("who"), Quote(c.who), "unknown calling pattern (known: all-pairs)");
    }
    atLeast("packetSize", c.packetSize, 1);
    if (c.packetInterval.IsStrictlyNegative())
    {
        Fail(field("packetInterval"), FormatTime(c.packetInterval), "must be at least 0s");
    }
    if (!c.packetInterval.IsZero() && c.packetInterval < NanoSeconds(MIN_PACKET_INTERVAL_NS))
    {
        Fail(field("packetInterval"),
             FormatTime(c.packetInterval),
             "must be 0 (no data) or at least 1us: a packet every few nanoseconds per call "
             "would be millions of events per simulated millisecond");
    }
    if (!c.packetInterval.IsZero() && c.packetSize > c.maxSdu)
    {
        Fail(field("packetSize"),
             std::to_string(c.packetSize),
             "exceeds " + field("maxSdu") + " " + std::to_string(c.maxSdu));
    }
    if (c.traffic.IsSet())
    {
        if (!c.packetInterval.IsZero())
        {
            Fail(field("packetInterval"),
                 FormatTime(c.packetInterval),
                 "give either a traffic object or packetSize and packetInterval, not both");
        }
        ValidateTraffic(c, path + ".traffic");
    }
}

void
CoScenario::ValidateTraffic(const CoScenarioCalls& c, const std::string& path) const
{
    const CoScenarioTraffic& t = c.traffic;
    auto field = [&path](const char* key) { return path + "." + key; };
    if (!TrafficKeys(t.type))
    {
        Fail(field("type"),
             Quote(t.type),
             "unknown traffic type (known: cbr, poisson, onoff, trace)");
    }
    // A frame larger than the call's SDU size would be refused by the NIC,
    // every one of them: that is a mistake in the scenario, not a result.
    if (t.type != "trace" && (t.frameSize < 1 || t.frameSize > c.maxSdu))
    {
        Fail(field("frameSize"),
             std::to_string(t.frameSize),
             "must be 1.." + std::to_string(c.maxSdu) + " (the call's maxSdu)");
    }
    // Gaps shorter than MIN_PACKET_INTERVAL_NS would be millions of events
    // per simulated millisecond, as for packetInterval.
    const double maxFrameRate = 1e9 / MIN_PACKET_INTERVAL_NS;
    auto frameTimeAtLeast = [&](const char* key, DataRate rate) {
        double framesPerSecond = rate.GetBitRate() / (8.0 * t.frameSize);
        if (framesPerSecond > maxFrameRate)
        {
            Fail(field(key),
                 FormatRate(rate),
                 "with " + std::to_string(t.frameSize) +
                     "-byte frames that is more than 1e6 frames per second (a frame every "
                     "microsecond at most)");
        }
    };
    if (t.type == "cbr")
    {
        if (t.rate.GetBitRate() == 0)
        {
            Fail(field("rate"), FormatRate(t.rate), "must be above 0");
        }
        frameTimeAtLeast("rate", t.rate);
    }
    else if (t.type == "poisson")
    {
        if (!(t.frameRate > 0) || !std::isfinite(t.frameRate) || t.frameRate > maxFrameRate)
        {
            Fail(field("frameRate"),
                 Show(t.frameRate),
                 "must be above 0 and at most 1e6 (frames per second)");
        }
        if (t.sizes != "fixed" && t.sizes != "exponential")
        {
            Fail(field("sizes"),
                 Quote(t.sizes),
                 "unknown size distribution (known: fixed, exponential)");
        }
        if (t.maxSize < 1 || t.maxSize > c.maxSdu)
        {
            Fail(field("maxSize"),
                 std::to_string(t.maxSize),
                 "must be 1.." + std::to_string(c.maxSdu) + " (the call's maxSdu)");
        }
    }
    else if (t.type == "onoff")
    {
        if (t.peakRate.GetBitRate() == 0)
        {
            Fail(field("peakRate"), FormatRate(t.peakRate), "must be above 0");
        }
        frameTimeAtLeast("peakRate", t.peakRate);
        auto period =
            [&](const std::string& key, const std::string& distribution, Time mean, double shape) {
                if (distribution != "exponential" && distribution != "pareto")
                {
                    Fail(path + "." + key + ".distribution",
                         Quote(distribution),
                         "unknown distribution (known: exponential, pareto)");
                }
                if (!mean.IsStrictlyPositive())
                {
                    Fail(path + "." + key + ".mean", FormatTime(mean), "must be above 0");
                }
                // A Pareto shape of 1 or less has no finite mean.
                if (distribution == "pareto" && (!(shape > 1) || !std::isfinite(shape)))
                {
                    Fail(path + "." + key + ".shape",
                         Show(shape),
                         "must be above 1 (at or below 1 the period has no finite mean)");
                }
            };
        period("on", t.onDistribution, t.onMean, t.onShape);
        period("off", t.offDistribution, t.offMean, t.offShape);
    }
    else if (t.type == "trace")
    {
        // Whether it reads is checked by the runner (CoScenarioRunner::Check).
        if (t.file.empty())
        {
            Fail(field("file"), "\"\"", "expected a trace file's name");
        }
        if (t.file.find('\0') != std::string::npos)
        {
            Fail(field("file"), Quote(t.file), "a file name cannot hold a NUL character");
        }
    }
}

void
CoScenario::ValidateQueueing() const
{
    // Everything the scheduler's attribute checkers would refuse is refused
    // here first: a value they refuse ends the program (a fatal error in
    // ns-3's attribute system), which scenario data must never do.
    for (const auto& [name, q] : {std::make_pair("queueing.hosts", &queueing.hosts),
                                  std::make_pair("queueing.switches", &queueing.switches)})
    {
        const std::string path = name;
        auto requireTime = [&path](const char* key, Time t) {
            if (t.IsStrictlyNegative())
            {
                Fail(path + "." + key, FormatTime(t), "must be at least 0s");
            }
        };
        auto requireName = [&path](const char* key,
                                   const std::string& value,
                                   const std::vector<std::string>& names,
                                   const std::string& unknown) {
            if (std::find(names.begin(), names.end(), value) == names.end())
            {
                Fail(path + "." + key, Quote(value), unknown);
            }
        };
        auto requireAtLeastOne = [&path](const char* key, uint32_t value, const char* what) {
            if (value < 1)
            {
                Fail(path + "." + key,
                     std::to_string(value),
                     std::string("must be at least 1 (") + what + ")");
            }
        };
        requireTime("cdvt", q->cdvt);
        requireName("discipline",
                    q->discipline,
                    DISCIPLINES,
                    "unknown discipline (known: WRR, weighted round robin in frames; WFQ, "
                    "weighted fair queueing in cells)");
        requireName("categoryService",
                    q->categoryService,
                    CATEGORY_SERVICES,
                    "unknown category service (known: priority, CBR before rt-VBR before "
                    "nrt-VBR before UBR; weighted, in proportion to categoryWeights)");
        requireName("fidelity",
                    q->fidelity,
                    FIDELITIES,
                    "unknown fidelity (known: frame, an AAL5 frame per event; cell, a cell "
                    "per event, lost one by one)");
        requireName("vcWeighting",
                    q->vcWeighting,
                    VC_WEIGHTINGS,
                    "unknown VC weighting (known: equal, 1 each; contract, the contract's "
                    "rate over weightUnit)");
        requireAtLeastOne("weightUnit", q->weightUnit, "cells/s per unit of weight");
        for (std::size_t i = 0; i < CATEGORY_NAMES.size(); ++i)
        {
            // (a NaN, possible from C++ only, fails both comparisons)
            double w = q->categoryWeights[i];
            if (!(w >= CoVcScheduler::MIN_CATEGORY_WEIGHT &&
                  w <= CoVcScheduler::MAX_CATEGORY_WEIGHT))
            {
                Fail(path + ".categoryWeights." + KeyText(CATEGORY_NAMES[i]),
                     Show(w),
                     "must be from 1e-06 to 1e+06 (a share relative to the other categories)");
            }
        }
        requireTime("upcCdvt", q->upcCdvt);
        requireName("upc",
                    q->upc,
                    UPC_ACTIONS,
                    "unknown usage parameter control (known: none; tag, non-conforming frames "
                    "get CLP=1; discard, they are dropped)");
        requireAtLeastOne("vcMaxFrames",
                          q->vcMaxFrames,
                          "frames each VC may hold; the cell limits take 0 for none");
    }
}

std::vector<const CoScenarioCalls*>
CoScenario::GetCallModels() const
{
    std::vector<const CoScenarioCalls*> models{&calls};
    for (const CoScenarioCalls& c : callGroups)
    {
        models.push_back(&c);
    }
    return models;
}

bool
CoScenario::SendsData() const
{
    for (const CoScenarioCalls* c : GetCallModels())
    {
        if (c->rate > 0 && c->SendsData())
        {
            return true;
        }
    }
    return false;
}

bool
CoScenario::HasTraffic() const
{
    for (const CoScenarioCalls* c : GetCallModels())
    {
        if (c->rate > 0 && c->traffic.IsSet())
        {
            return true;
        }
    }
    return false;
}

double
CoScenarioTraffic::GetMeanFrameRate() const
{
    if (type == "cbr")
    {
        return rate.GetBitRate() / (8.0 * frameSize);
    }
    if (type == "poisson")
    {
        return frameRate;
    }
    if (type == "onoff")
    {
        double on = onMean.GetSeconds();
        return peakRate.GetBitRate() / (8.0 * frameSize) * on / (on + offMean.GetSeconds());
    }
    return 0;
}

void
CoScenario::ValidateMultipoint() const
{
    // The host numbers are checked against the topology by the runner.
    if (multipoint.size() > MAX_MULTIPOINT_GROUPS)
    {
        Fail("multipoint",
             std::to_string(multipoint.size()) + " groups",
             "at most " + std::to_string(MAX_MULTIPOINT_GROUPS) +
                 ": each is a root application with a call of its own");
    }
    double parties = 0;
    double packets = 0;
    for (std::size_t i = 0; i < multipoint.size(); ++i)
    {
        const CoScenarioMultipointGroup& g = multipoint[i];
        const std::string path = "multipoint[" + std::to_string(i) + "]";
        if (g.join != "root" && g.join != "leaf")
        {
            Fail(path + ".join",
                 Quote(g.join),
                 "unknown (known: root, the root adds each leaf; leaf, the leaves ask to join "
                 "(ATM Forum UNI 4.0))");
        }
        if (g.join == "leaf")
        {
            if (g.leafJoin != "root-prompted" && g.leafJoin != "network")
            {
                Fail(path + ".leafJoin",
                     Quote(g.leafJoin),
                     "unknown leaf-join mode (known: root-prompted, the root answers each "
                     "request; network, the switches add the leaf)");
            }
            if (g.GetLeafCount() < 2)
            {
                Fail(path + ".leaves",
                     std::to_string(g.GetLeafCount()),
                     "a group whose leaves ask to join needs at least two: the root makes "
                     "the call to the first, the others ask to join it");
            }
        }
        if (g.maxLeaves != 0 && (g.join != "leaf" || g.leafJoin != "root-prompted"))
        {
            Fail(path + ".maxLeaves",
                 std::to_string(g.maxLeaves),
                 "only a root that answers the leaves' requests (\"join\": \"leaf\", "
                 "\"leafJoin\": \"root-prompted\") has a limit; with network join the root "
                 "is not told");
        }
        if (g.leaves.empty() && g.leafCount == 0)
        {
            Fail(path + ".leaves", "0", "a group needs at least one leaf");
        }
        std::set<uint32_t> seen;
        for (std::size_t k = 0; k < g.leaves.size(); ++k)
        {
            const std::string leaf = path + ".leaves[" + std::to_string(k) + "]";
            if (g.leaves[k] == g.root)
            {
                Fail(leaf,
                     std::to_string(g.leaves[k]),
                     "the root cannot be a leaf of its own call");
            }
            if (!seen.insert(g.leaves[k]).second)
            {
                Fail(leaf,
                     std::to_string(g.leaves[k]),
                     "a leaf given twice (each leaf is one party of the call)");
            }
        }
        const uint32_t n = g.GetLeafCount();
        if (g.arrival == "poisson")
        {
            if (!(g.rate > 0) || !std::isfinite(g.rate) || g.rate > MAX_CALL_RATE)
            {
                Fail(path + ".arrival.rate",
                     Show(g.rate),
                     "must be above 0 and at most 1e6 (joins per second per leaf)");
            }
        }
        else if (g.arrival == "fixed")
        {
            if (g.times.size() != n)
            {
                Fail(path + ".arrival.times",
                     std::to_string(g.times.size()) + " times",
                     "give one join time per leaf (" + std::to_string(n) + " leaves)");
            }
        }
        else
        {
            Fail(path + ".arrival.process",
                 Quote(g.arrival),
                 "unknown join process (known: poisson, fixed)");
        }
        if (g.holdingDistribution != "exponential" && g.holdingDistribution != "constant" &&
            g.holdingDistribution != "none")
        {
            Fail(path + ".holding.distribution",
                 Quote(g.holdingDistribution),
                 "unknown distribution (known: exponential, constant, none: the leaf stays "
                 "until the group stops)");
        }
        if (!g.holdingMean.IsStrictlyPositive())
        {
            Fail(path + ".holding.mean", FormatTime(g.holdingMean), "must be above 0");
        }
        const Time stop = g.stop.IsZero() ? duration : g.stop;
        if (stop <= g.start)
        {
            Fail(path + ".start",
                 FormatTime(g.start),
                 "must be before the group's stop, " + FormatTime(stop) +
                     (g.stop.IsZero() ? " (the scenario's duration)" : ""));
        }
        if (g.pcr < 1)
        {
            Fail(path + ".pcr", std::to_string(g.pcr), "must be at least 1 (cells per second)");
        }
        if (g.packetSize < 1 || g.packetSize > 9188)
        {
            Fail(path + ".packetSize",
                 std::to_string(g.packetSize),
                 "must be 1..9188 (bytes per SDU, the AAL5 default maximum)");
        }
        if (!g.packetInterval.IsZero() && g.packetInterval < NanoSeconds(MIN_PACKET_INTERVAL_NS))
        {
            Fail(path + ".packetInterval",
                 FormatTime(g.packetInterval),
                 "must be 0 (no data) or at least 1us");
        }
        if (!g.packetInterval.IsZero())
        {
            packets += (stop - g.start).GetSeconds() / g.packetInterval.GetSeconds();
        }
        // A Poisson leaf that leaves comes back: one party per wait and stay.
        double joins = 1;
        if (g.arrival == "poisson" && g.holdingDistribution != "none")
        {
            joins += (stop - g.start).GetSeconds() / (1 / g.rate + g.holdingMean.GetSeconds());
        }
        parties += n * joins;
    }
    if (parties > MAX_PARTIES)
    {
        Fail("multipoint",
             "about " + Count(parties) + " parties",
             "at most 1e5 in all groups (each leaf's joins, counted with its returns): each is "
             "a row of the parties table and a party on every switch of its path");
    }
    if (packets > MAX_PACKETS)
    {
        Fail("multipoint",
             "about " + Count(packets) + " SDUs from the roots",
             "at most 1e8 (each is several events per hop: hours of simulation): send less "
             "often, or no data (packetInterval 0s)");
    }
}

void
CoScenario::CheckTotals(uint64_t switches, uint64_t links) const
{
    // A file's counts are named with the file; a generator's are its parameters'.
    const std::string source = topology.file.empty() ? "topology" : "topology.file";
    const std::string value =
        topology.file.empty() ? Quote(topology.generator) : Quote(topology.file);
    if (switches > MAX_SWITCHES)
    {
        Fail(source,
             value,
             std::to_string(switches) + " switches: at most " + std::to_string(MAX_SWITCHES) +
                 ": every switch's routing table has an entry per switch, so memory grows as "
                 "switches^2");
    }
    if (links > MAX_LINKS)
    {
        Fail(source,
             value,
             std::to_string(links) + " links: at most " + std::to_string(MAX_LINKS) +
                 ": each is a channel and two port devices");
    }
    uint64_t hostCount = switches * hosts.perSwitch;
    if (hostCount > MAX_HOSTS)
    {
        Fail("hosts.perSwitch",
             std::to_string(hosts.perSwitch),
             "with " + std::to_string(switches) + " switches that makes " +
                 std::to_string(hostCount) + " hosts: at most " + std::to_string(MAX_HOSTS) + ": " +
                 HOSTS_WHY);
    }
    double expectedCalls = 0;
    double packets = 0;
    for (const CoScenarioCalls* c : GetCallModels())
    {
        double placed = hostCount * c->rate * duration.GetSeconds();
        expectedCalls += placed;
        double framesPerSecond = c->traffic.IsSet()           ? c->traffic.GetMeanFrameRate()
                                 : c->packetInterval.IsZero() ? 0
                                                              : 1 / c->packetInterval.GetSeconds();
        packets += placed * c->holdingMean.GetSeconds() * framesPerSecond;
    }
    if (expectedCalls > MAX_CALLS)
    {
        Fail(callGroups.empty() ? "calls.rate" : "callGroups",
             callGroups.empty() ? Show(calls.rate) : std::to_string(callGroups.size()) + " groups",
             std::to_string(hostCount) + " hosts calling at these rates for " +
                 FormatTime(duration) + " place about " + Count(expectedCalls) +
                 " calls: at most 1e7: every call is a row of the calls table, kept in memory");
    }
    if (packets > MAX_PACKETS)
    {
        Fail(callGroups.empty() && !calls.traffic.IsSet() ? "calls.packetInterval" : "traffic",
             callGroups.empty() && !calls.traffic.IsSet() ? FormatTime(calls.packetInterval)
                                                          : Count(packets) + " frames",
             "about " + Count(expectedCalls) + " calls would send about " + Count(packets) +
                 " packets: at most 1e8 (each is several events per hop: hours of "
                 "simulation): send less often, or no data");
    }
    double ports = 2.0 * links + hostCount;
    double samples = ports * SamplesPerPort(*this);
    if (samples > MAX_SAMPLES)
    {
        Fail("statistics.sampleInterval",
             FormatTime(statistics.sampleInterval),
             Count(ports) + " ports sampled about " + Count(SamplesPerPort(*this)) +
                 " times each make " + Count(samples) +
                 " samples: at most 1e8 (each is kept in memory, and is a Python int in the "
                 "ports table): sample less often");
    }
}

std::string
CoScenario::ToJson() const
{
    Json j;
    Json& t = j["topology"];
    if (!topology.file.empty())
    {
        t["file"] = topology.file;
    }
    else
    {
        t["generator"] = topology.generator;
        if (const std::vector<std::string>* parameters = GeneratorParameters(topology.generator))
        {
            for (const std::string& p : *parameters)
            {
                if (p == "n")
                    t[p] = topology.n;
                else if (p == "leaves")
                    t[p] = topology.leaves;
                else if (p == "rows")
                    t[p] = topology.rows;
                else if (p == "cols")
                    t[p] = topology.cols;
                else if (p == "depth")
                    t[p] = topology.depth;
                else if (p == "fanout")
                    t[p] = topology.fanout;
                else if (p == "alpha")
                    t[p] = topology.alpha;
                else if (p == "beta")
                    t[p] = topology.beta;
            }
        }
    }
    j["hosts"] = {{"perSwitch", hosts.perSwitch},
                  {"rate", FormatRate(hosts.rate)},
                  {"delay", FormatTime(hosts.delay)}};
    j["links"] = {{"rate", FormatRate(links.rate)},
                  {"delay", FormatTime(links.delay)},
                  {"weight", links.weight}};
    j["switches"] = {{"processingDelay", FormatTime(switches.processingDelay)},
                     {"admissibleFraction", switches.admissibleFraction},
                     {"crankback", switches.crankback},
                     {"t303", FormatTime(switches.t303)},
                     {"t308", FormatTime(switches.t308)},
                     {"t309", FormatTime(switches.t309)},
                     {"t310", FormatTime(switches.t310)}};
    j["calls"] = CallsJson(calls);
    j["callGroups"] = Json::array();
    for (const CoScenarioCalls& c : callGroups)
    {
        j["callGroups"].push_back(CallsJson(c));
    }
    j["failures"] = Json::array();
    for (const CoScenarioFailure& f : failures)
    {
        Json entry = {{"at", FormatTime(f.at)}, {"action", ActionName(f.action)}};
        if (f.target == CoScenarioFailure::Target::Link)
        {
            entry["link"] = {f.vertex, f.peer};
        }
        else if (f.target == CoScenarioFailure::Target::Signalling)
        {
            entry["signalling"] = {f.vertex, f.peer};
        }
        else
        {
            entry["switch"] = f.vertex;
        }
        j["failures"].push_back(entry);
    }
    j["multipoint"] = Json::array();
    for (const CoScenarioMultipointGroup& g : multipoint)
    {
        Json entry = {{"root", g.root}};
        entry["leaves"] = g.leaves.empty() ? Json(g.leafCount) : Json(g.leaves);
        entry["join"] = g.join;
        if (g.join == "leaf")
        {
            entry["leafJoin"] = g.leafJoin;
            entry["maxLeaves"] = g.maxLeaves;
        }
        Json& arrival = entry["arrival"];
        arrival["process"] = g.arrival;
        if (g.arrival == "fixed")
        {
            arrival["times"] = Json::array();
            for (const Time& t : g.times)
            {
                arrival["times"].push_back(FormatTime(t));
            }
        }
        else
        {
            arrival["rate"] = g.rate;
        }
        entry["holding"] = {{"distribution", g.holdingDistribution},
                            {"mean", FormatTime(g.holdingMean)}};
        entry["start"] = FormatTime(g.start);
        if (!g.stop.IsZero())
        {
            entry["stop"] = FormatTime(g.stop); // absent: at the scenario's duration
        }
        entry["pcr"] = g.pcr;
        entry["packetSize"] = g.packetSize;
        entry["packetInterval"] = FormatTime(g.packetInterval);
        j["multipoint"].push_back(entry);
    }
    j["queueing"] = {{"hosts", SchedulerJson(queueing.hosts, false)},
                     {"switches", SchedulerJson(queueing.switches, true)}};
    j["statistics"] = {{"sampleInterval", FormatTime(statistics.sampleInterval)}};
    j["duration"] = FormatTime(duration);
    j["seed"] = seed;
    j["run"] = run;
    return j.dump(2) + "\n";
}

CoScenario
CoScenario::FromJson(const std::string& text)
{
    CheckJsonDepth(text);
    Json j;
    PathTracker tracker;
    try
    {
        // The callback is taken by value: let it reach the tracker.
        j = Json::parse(text, [&tracker](int, nlohmann::detail::parse_event_t event, Json& parsed) {
            return tracker(event, parsed);
        });
    }
    catch (const Json::out_of_range& e)
    {
        // A number beyond a double's range (1e400): nlohmann's message
        // quotes it; the tracker knows whose value it is.
        std::string what = e.what();
        std::size_t open = what.find('\'');
        std::size_t close = what.rfind('\'');
        std::string value = open != std::string::npos && close > open
                                ? Shorten(what.substr(open + 1, close - open - 1))
                                : "(a number)";
        Fail(tracker.Path(), value, "a number too large for a double (at most about 1.8e308)");
    }
    catch (const Json::exception& e)
    {
        // nlohmann's message says where (line and column) and what it
        // expected; it quotes what it read with control characters escaped,
        // but perhaps not whole UTF-8 sequences: make it printable.
        std::string path = tracker.Path();
        throw std::invalid_argument((path == "scenario" ? "" : path + ": ") +
                                    "not valid JSON: " + CoTopologyReader::Printable(e.what()));
    }
    CoScenario s;
    ObjectReader top(j,
                     "",
                     {"topology",
                      "hosts",
                      "links",
                      "switches",
                      "calls",
                      "callGroups",
                      "failures",
                      "multipoint",
                      "queueing",
                      "statistics",
                      "duration",
                      "seed",
                      "run"});

    if (const Json* v = top.Find("topology"))
    {
        std::vector<std::string> keys{"generator", "file"};
        for (const auto& g : GENERATORS)
        {
            for (const std::string& p : g.second)
            {
                if (std::find(keys.begin(), keys.end(), p) == keys.end())
                {
                    keys.push_back(p);
                }
            }
        }
        ObjectReader r(*v, "topology", keys);
        r.Read("generator", s.topology.generator);
        r.Read("file", s.topology.file);
        if (r.Find("file") && s.topology.file.empty())
        {
            Fail("topology.file", "\"\"", "expected a file name");
        }
        if (r.Find("file") && r.Find("generator"))
        {
            Fail("topology", Show(*v), "give either \"generator\" or \"file\", not both");
        }
        // A parameter the chosen generator does not read is a mistake
        // (a "rows" for a line, say): say so rather than ignore it.
        const std::vector<std::string>* accepted = GeneratorParameters(s.topology.generator);
        for (const auto& item : v->items())
        {
            if (item.key() == "generator" || item.key() == "file")
            {
                continue;
            }
            if (!s.topology.file.empty())
            {
                Fail(r.Path(item.key()),
                     Show(item.value()),
                     "a generator parameter, but the topology comes from a file");
            }
            if (accepted &&
                std::find(accepted->begin(), accepted->end(), item.key()) == accepted->end())
            {
                Fail(r.Path(item.key()),
                     Show(item.value()),
                     "not a parameter of the " + s.topology.generator + " generator (it takes " +
                         Join(*accepted) + ")");
            }
        }
        r.Read("n", s.topology.n);
        r.Read("leaves", s.topology.leaves);
        r.Read("rows", s.topology.rows);
        r.Read("cols", s.topology.cols);
        r.Read("depth", s.topology.depth);
        r.Read("fanout", s.topology.fanout);
        r.Read("alpha", s.topology.alpha);
        r.Read("beta", s.topology.beta);
    }
    if (const Json* v = top.Find("hosts"))
    {
        ObjectReader r(*v, "hosts", {"perSwitch", "rate", "delay"});
        r.Read("perSwitch", s.hosts.perSwitch);
        r.Read("rate", s.hosts.rate);
        r.Read("delay", s.hosts.delay);
    }
    if (const Json* v = top.Find("links"))
    {
        ObjectReader r(*v, "links", {"rate", "delay", "weight"});
        r.Read("rate", s.links.rate);
        r.Read("delay", s.links.delay);
        r.Read("weight", s.links.weight);
    }
    if (const Json* v = top.Find("switches"))
    {
        ObjectReader r(
            *v,
            "switches",
            {"processingDelay", "admissibleFraction", "crankback", "t303", "t308", "t309", "t310"});
        r.Read("processingDelay", s.switches.processingDelay);
        r.Read("admissibleFraction", s.switches.admissibleFraction);
        r.Read("crankback", s.switches.crankback);
        r.Read("t303", s.switches.t303);
        r.Read("t308", s.switches.t308);
        r.Read("t309", s.switches.t309);
        r.Read("t310", s.switches.t310);
    }
    if (const Json* v = top.Find("calls"))
    {
        s.calls = ReadCalls(*v, "calls");
    }
    if (const Json* v = top.Find("callGroups"))
    {
        if (!v->is_array())
        {
            Fail("callGroups",
                 Show(*v),
                 "expected a list of call models, each with the keys of \"calls\"");
        }
        for (std::size_t i = 0; i < v->size(); ++i)
        {
            s.callGroups.push_back(ReadCalls((*v)[i], "callGroups[" + std::to_string(i) + "]"));
        }
    }
    if (const Json* v = top.Find("failures"))
    {
        if (!v->is_array())
        {
            Fail("failures",
                 Show(*v),
                 "expected a list of {\"at\", \"action\", \"link\"|\"signalling\"|\"switch\"}");
        }
        for (std::size_t i = 0; i < v->size(); ++i)
        {
            s.failures.push_back(ReadFailure((*v)[i], "failures[" + std::to_string(i) + "]"));
        }
    }
    if (const Json* v = top.Find("multipoint"))
    {
        if (!v->is_array())
        {
            Fail("multipoint",
                 Show(*v),
                 "expected a list of groups {\"root\", \"leaves\", \"arrival\", ...}");
        }
        for (std::size_t i = 0; i < v->size(); ++i)
        {
            s.multipoint.push_back(
                ReadMultipointGroup((*v)[i], "multipoint[" + std::to_string(i) + "]"));
        }
    }
    if (const Json* v = top.Find("queueing"))
    {
        ObjectReader r(*v, "queueing", {"hosts", "switches"});
        if (const Json* q = r.Find("hosts"))
        {
            s.queueing.hosts = ReadScheduler(*q, r.Path("hosts"));
        }
        if (const Json* q = r.Find("switches"))
        {
            s.queueing.switches = ReadScheduler(*q, r.Path("switches"));
        }
    }
    if (const Json* v = top.Find("statistics"))
    {
        ObjectReader r(*v, "statistics", {"sampleInterval"});
        r.Read("sampleInterval", s.statistics.sampleInterval);
    }
    top.Read("duration", s.duration);
    top.Read("seed", s.seed);
    top.Read("run", s.run);
    s.Validate();
    return s;
}

CoScenario
CoScenario::Load(const std::string& path)
{
    const std::string name = CoTopologyReader::Printable(path, 1000);
    if (path.find('\0') != std::string::npos)
    {
        // The system would open the name up to the NUL: another file.
        throw std::invalid_argument(name + ": a file name cannot hold a NUL character");
    }
    std::ifstream in(path);
    if (!in)
    {
        throw std::invalid_argument(name + ": cannot open the scenario file");
    }
    // At most one byte past the limit: a device or a pipe without end
    // (/dev/zero) is refused rather than read until memory runs out.
    std::string text;
    char chunk[65536];
    while (text.size() <= MAX_FILE_BYTES && in.read(chunk, sizeof(chunk)).gcount() > 0)
    {
        text.append(chunk, in.gcount());
    }
    if (in.bad())
    {
        throw std::invalid_argument(name + ": cannot read the scenario file");
    }
    if (text.size() > MAX_FILE_BYTES)
    {
        throw std::invalid_argument(name + ": larger than " + std::to_string(MAX_FILE_BYTES >> 20) +
                                    " MiB: refused (a scenario takes a few KB)");
    }
    CoScenario s;
    try
    {
        s = FromJson(text);
    }
    catch (const std::invalid_argument& e)
    {
        throw std::invalid_argument(name + ": " + e.what());
    }
    // A topology file or a traffic trace named relative to the scenario is
    // found next to it, wherever the program runs from.
    std::size_t slash = path.find_last_of('/');
    auto nextToScenario = [&path, slash](std::string& file) {
        if (!file.empty() && file[0] != '/' && slash != std::string::npos)
        {
            file = path.substr(0, slash + 1) + file;
        }
    };
    nextToScenario(s.topology.file);
    nextToScenario(s.calls.traffic.file);
    for (CoScenarioCalls& c : s.callGroups)
    {
        nextToScenario(c.traffic.file);
    }
    return s;
}

void
CoScenario::Save(const std::string& path) const
{
    std::ofstream out(path);
    out << ToJson();
    if (!out)
    {
        throw std::invalid_argument(path + ": cannot write the scenario file");
    }
}

bool
CoScenario::operator==(const CoScenario& o) const
{
    // The JSON form holds every field exactly (times in ns, rates in b/s,
    // numbers round-tripped), so equal text means equal scenarios.
    return ToJson() == o.ToJson();
}

} // namespace ns3
