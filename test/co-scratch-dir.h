/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Shared by the tests that write files: a scratch directory of the test's
 * own, removed at the end.
 */

#ifndef CO_SCRATCH_DIR_H
#define CO_SCRATCH_DIR_H

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <unistd.h>

namespace ns3
{
namespace condistest
{

/**
 * A fixture with a scratch directory named after the suite's prefix, the
 * test and the process (tests of several processes may run at once).
 */
class ScratchDirTest : public testing::Test
{
  protected:
    /// \param prefix the start of the directory's name, e.g. "condis-scenario-"
    explicit ScratchDirTest(std::string prefix)
        : m_prefix(std::move(prefix))
    {
    }

    void SetUp() override
    {
        const testing::TestInfo* info = testing::UnitTest::GetInstance()->current_test_info();
        dir = std::filesystem::temp_directory_path() /
              (m_prefix + info->name() + "-" + std::to_string(getpid()));
        std::filesystem::create_directories(dir);
    }

    void TearDown() override
    {
        std::filesystem::remove_all(dir);
    }

    /// \return a file in the scratch directory holding \p bytes, as they are
    std::string Write(const std::string& name, const std::string& bytes)
    {
        std::string path = (dir / name).string();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }

    std::filesystem::path dir; //!< scratch directory

  private:
    std::string m_prefix; //!< start of the directory's name
};

} // namespace condistest
} // namespace ns3

#endif /* CO_SCRATCH_DIR_H */
