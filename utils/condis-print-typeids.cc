/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * condis-print-typeids: the reference of every attribute and trace source of
 * the module's TypeIds (group "Condis"), as reStructuredText, made from the
 * TypeIds themselves: their names, defaults and help texts. doc/condis.rst
 * holds it between two marker comments, so that the manual cannot drift from
 * the code: `--check` fails (exit 1, naming the first line that differs) when
 * the manual's copy is not what the TypeIds say, and `--update` rewrites it.
 *
 *   condis-print-typeids                          the reference, on stdout
 *   condis-print-typeids --check=doc/condis.rst   exit 1 if it is stale
 *   condis-print-typeids --update=doc/condis.rst  rewrite it in place
 */

#include "ns3/co-net-device.h"
#include "ns3/core-module.h"
#include "ns3/data-rate.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

const std::string BEGIN_MARK = ".. typeid-reference-begin";
const std::string END_MARK = ".. typeid-reference-end";

/// The names of the module's own classes: a TypeId named so must be in the "Condis" group.
bool
LooksLikeOurs(const std::string& name)
{
    // "Co" then a capital: CoSwitch, not ns-3's ConstantRandomVariable
    const std::string co = "ns3::Co";
    if (name.rfind(co, 0) == 0 && name.size() > co.size() && std::isupper(name[co.size()]))
    {
        return true;
    }
    for (const char* prefix : {"ns3::Q2931", "ns3::Q2971", "ns3::Uni40", "ns3::Atm", "ns3::Sscop"})
    {
        if (name.rfind(prefix, 0) == 0)
        {
            return true;
        }
    }
    return false;
}

/// A time as a reader writes it: the largest unit that gives a whole number.
std::string
FormatTime(Time t)
{
    int64_t ns = t.GetNanoSeconds();
    if (ns == 0)
    {
        return "0 s";
    }
    const std::pair<int64_t, const char*> units[] = {{60000000000, "min"},
                                                     {1000000000, "s"},
                                                     {1000000, "ms"},
                                                     {1000, "us"},
                                                     {1, "ns"}};
    for (const auto& [size, name] : units)
    {
        if (ns % size == 0)
        {
            return std::to_string(ns / size) + " " + name;
        }
    }
    return std::to_string(ns) + " ns";
}

/// A rate in bit/s, kb/s or Mb/s.
std::string
FormatRate(DataRate rate)
{
    std::ostringstream os;
    uint64_t bps = rate.GetBitRate();
    if (bps >= 1000000)
    {
        os << bps / 1e6 << " Mb/s";
    }
    else if (bps >= 1000)
    {
        os << bps / 1e3 << " kb/s";
    }
    else
    {
        os << bps << " b/s";
    }
    return os.str();
}

/// An attribute's initial value, as the manual shows it.
std::string
FormatDefault(const TypeId::AttributeInformation& info)
{
    if (const auto* time = dynamic_cast<const TimeValue*>(PeekPointer(info.initialValue)))
    {
        return FormatTime(time->Get());
    }
    if (const auto* rate = dynamic_cast<const DataRateValue*>(PeekPointer(info.initialValue)))
    {
        return FormatRate(rate->Get());
    }
    if (const auto* pointer = dynamic_cast<const PointerValue*>(PeekPointer(info.initialValue)))
    {
        Ptr<Object> object = pointer->Get<Object>();
        return object ? object->GetInstanceTypeId().GetName() : "none";
    }
    std::string text = info.initialValue->SerializeToString(info.checker);
    return text.empty() ? "empty" : text;
}

/// Help texts on one line each, as a list item needs them.
std::string
OneLine(std::string text)
{
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text;
}

/// The module's TypeIds with something to document, by name.
std::vector<TypeId>
ModuleTypeIds(std::vector<std::string>& misgrouped)
{
    std::vector<TypeId> tids;
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        TypeId tid = TypeId::GetRegistered(i);
        if (tid.GetGroupName() != "Condis")
        {
            if (LooksLikeOurs(tid.GetName()) &&
                (tid.GetAttributeN() > 0 || tid.GetTraceSourceN() > 0))
            {
                misgrouped.push_back(tid.GetName());
            }
            continue;
        }
        if (tid.GetAttributeN() > 0 || tid.GetTraceSourceN() > 0)
        {
            tids.push_back(tid);
        }
    }
    std::sort(tids.begin(), tids.end(), [](TypeId a, TypeId b) {
        return a.GetName() < b.GetName();
    });
    return tids;
}

/// The reference, marker lines included.
std::string
Reference(const std::vector<TypeId>& tids)
{
    std::ostringstream os;
    os << BEGIN_MARK << " (made by utils/condis-print-typeids from the TypeIds; "
       << "scripts/update-doc rewrites it)\n\n";
    for (TypeId tid : tids)
    {
        std::string title = "``" + tid.GetName() + "``";
        TypeId parent = tid.GetParent();
        if (parent.GetGroupName() == "Condis")
        {
            title += " (a ``" + parent.GetName() + "``: its attributes and traces too)";
        }
        os << title << "\n" << std::string(title.size(), '#') << "\n\n";
        if (tid.GetAttributeN() > 0)
        {
            os << "Attributes:\n\n";
            for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
            {
                TypeId::AttributeInformation info = tid.GetAttribute(i);
                os << "* ``" << info.name << "`` (default ``" << FormatDefault(info) << "``";
                if ((info.flags & TypeId::ATTR_SET) == 0)
                {
                    os << ", read only";
                }
                os << "): " << OneLine(info.help) << "\n";
            }
            os << "\n";
        }
        if (tid.GetTraceSourceN() > 0)
        {
            os << "Trace sources:\n\n";
            for (std::size_t i = 0; i < tid.GetTraceSourceN(); ++i)
            {
                TypeId::TraceSourceInformation info = tid.GetTraceSource(i);
                os << "* ``" << info.name << "``: " << OneLine(info.help) << "\n";
            }
            os << "\n";
        }
    }
    os << END_MARK << "\n";
    return os.str();
}

/// Splits a file into its lines.
std::vector<std::string>
Lines(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream is(text);
    std::string line;
    while (std::getline(is, line))
    {
        lines.push_back(line);
    }
    return lines;
}

/**
 * Finds the manual's copy of the reference.
 * \return the indexes of its first and last lines, or an error naming the file
 */
bool
FindBlock(const std::vector<std::string>& lines,
          const std::string& path,
          std::size_t& begin,
          std::size_t& end)
{
    begin = end = lines.size();
    for (std::size_t i = 0; i < lines.size(); ++i)
    {
        if (lines[i].rfind(BEGIN_MARK, 0) == 0 && begin == lines.size())
        {
            begin = i;
        }
        else if (lines[i] == END_MARK && begin != lines.size())
        {
            end = i;
            break;
        }
    }
    if (begin == lines.size() || end == lines.size())
    {
        std::cerr << path << ": no '" << BEGIN_MARK << "' ... '" << END_MARK
                  << "' block to hold the reference" << std::endl;
        return false;
    }
    return true;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string check;
    std::string update;
    CommandLine cmd(__FILE__);
    cmd.Usage("Prints the reference of the condis TypeIds' attributes and trace sources, "
              "or checks or rewrites the copy in a manual.");
    cmd.AddValue("check", "exit 1 if this file's reference is not the TypeIds'", check);
    cmd.AddValue("update", "rewrite this file's reference from the TypeIds", update);
    cmd.Parse(argc, argv);

    CoNetDevice::GetTypeId(); // links the module, so that its TypeIds are registered
    std::vector<std::string> misgrouped;
    std::string reference = Reference(ModuleTypeIds(misgrouped));
    for (const std::string& name : misgrouped)
    {
        std::cerr << name << ": not in the \"Condis\" group (SetGroupName), so not documented"
                  << std::endl;
    }
    if (check.empty() && update.empty())
    {
        std::cout << reference;
        return misgrouped.empty() ? 0 : 1;
    }

    const std::string& path = check.empty() ? update : check;
    std::ifstream in(path);
    if (!in)
    {
        std::cerr << path << ": cannot be read" << std::endl;
        return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::vector<std::string> lines = Lines(text.str());
    std::size_t begin = 0;
    std::size_t end = 0;
    if (!FindBlock(lines, path, begin, end))
    {
        return 2;
    }
    std::vector<std::string> wanted = Lines(reference);
    if (!update.empty())
    {
        std::ofstream out(path);
        for (std::size_t i = 0; i < begin; ++i)
        {
            out << lines[i] << "\n";
        }
        out << reference;
        for (std::size_t i = end + 1; i < lines.size(); ++i)
        {
            out << lines[i] << "\n";
        }
        return misgrouped.empty() ? 0 : 1;
    }
    std::vector<std::string> have(lines.begin() + begin, lines.begin() + end + 1);
    for (std::size_t i = 0; i < std::max(have.size(), wanted.size()); ++i)
    {
        const std::string a = i < have.size() ? have[i] : "(end of the reference)";
        const std::string b = i < wanted.size() ? wanted[i] : "(end of the reference)";
        if (a != b)
        {
            std::cerr << path << ":" << begin + i + 1 << ": the reference is stale\n"
                      << "  the manual: " << a << "\n"
                      << "  the TypeIds: " << b << "\n"
                      << "run scripts/update-doc to rewrite it" << std::endl;
            return 1;
        }
    }
    return misgrouped.empty() ? 0 : 1;
}
