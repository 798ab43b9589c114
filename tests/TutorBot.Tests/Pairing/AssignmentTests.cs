using TutorBot.Features.Pairing;

namespace TutorBot.Tests.Pairing;

/// <summary>The whole-school assignment: optimal where greedy is not, under capacities, against brute force.</summary>
[TestClass]
public sealed class AssignmentTests
{
    [TestMethod]
    public void AssignmentBeatsGreedyWhenTheBestPairTakesTheOnlyGoodPlaceOfAnother()
    {
        // Greedy takes A–X (10), then B gets Y (1): 11. The optimum gives A Y (9) and B X (8): 17.
        int[,] scores = { { 10, 9 }, { 8, 1 } };

        var chosen = Assignment.Maximise(scores);

        CollectionAssert.AreEqual(new[] { 1, 0 }, chosen);
        Assert.AreEqual(17, Assignment.Total(scores, chosen));
        Assert.AreEqual(11, Assignment.Total(scores, Greedy(scores)), "the greedy pass is worse");
    }

    [TestMethod]
    public void AStudentStaysUnpairedRatherThanTakeAPlaceThatLowersTheTotal()
    {
        int[,] scores = { { 5, Assignment.Forbidden }, { -20, 3 }, { Assignment.Forbidden, 4 } };

        var chosen = Assignment.Maximise(scores);

        CollectionAssert.AreEqual(new[] { 0, -1, 1 }, chosen);
        Assert.AreEqual(9, Assignment.Total(scores, chosen));
    }

    [TestMethod]
    public void AssignmentMatchesBruteForceOnRandomSmallCases()
    {
        var random = new Random(16);
        for (var round = 0; round < 200; round++)
        {
            var rows = random.Next(1, 6);
            var columns = random.Next(1, 6);
            var scores = new int[rows, columns];
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < columns; j++)
                {
                    scores[i, j] = random.Next(10) == 0 ? Assignment.Forbidden : random.Next(-10, 60);
                }
            }

            var chosen = Assignment.Maximise(scores);

            Assert.AreEqual(BruteForce(scores, 0, new bool[columns]), Assignment.Total(scores, chosen), $"round {round}");
            Assert.AreEqual(chosen.Count(c => c >= 0), chosen.Where(c => c >= 0).Distinct().Count(), "a place taken twice");
            Assert.IsTrue(chosen.Select((c, i) => c < 0 || scores[i, c] > 0).All(ok => ok), "a forbidden or losing pair");
        }
    }

    [TestMethod]
    public void WholeSchoolProposalRespectsCapacitiesAndGivesTheScarceTutorToWhoNeedsThem()
    {
        var sti2d = new StudentNeed("ines", "STI2D", "Marseille", "Aix-Marseille", new HashSet<string>());
        var stl = new StudentNeed("hugo", "STL", "Carpentras", "Aix-Marseille", new HashSet<string>());
        var cpge = new StudentNeed("amina", "CPGE", "Marseille", "Aix-Marseille", new HashSet<string>());
        var tutors = new[]
        {
            // Julien fits everyone somewhat (STI2D and STL, Marseille) but has one place.
            PairingRulesTests.Tutor("julien", capacity: 1, fields: ["STI2D", "STL"], city: "Marseille"),
            PairingRulesTests.Tutor("nadia", capacity: 2, fields: ["STL", "CPGE"], city: "Carpentras"),
            PairingRulesTests.Tutor("thomas", trained: false, capacity: 5, fields: ["STI2D", "STL", "CPGE"], city: "Marseille"),
        };

        var proposal = WholeSchoolProposal.Propose([sti2d, stl, cpge], tutors);

        var byStudent = proposal.ToDictionary(p => p.StudentId, p => p.TutorId);
        Assert.AreEqual("julien", byStudent["ines"]);
        Assert.AreEqual("nadia", byStudent["hugo"]);
        Assert.AreEqual("nadia", byStudent["amina"], "Nadia's second place");
        Assert.IsFalse(proposal.Any(p => p.TutorId == "thomas"), "untrained tutors are not pairable");
        // Julien alone: 40+30+20+5+10 = 105 for Inès; Nadia's first place 40+30+20+10+10 = 110 for Hugo, second 40+15+10+5+10 = 80 for Amina.
        Assert.AreEqual(105 + 110 + 80, proposal.Sum(p => p.Score));
    }

    private static int[] Greedy(int[,] scores)
    {
        var rows = scores.GetLength(0);
        var columns = scores.GetLength(1);
        var result = Enumerable.Repeat(-1, rows).ToArray();
        var taken = new bool[columns];
        var pairs = from i in Enumerable.Range(0, rows) from j in Enumerable.Range(0, columns) orderby scores[i, j] descending select (i, j);
        foreach (var (i, j) in pairs)
        {
            if (result[i] < 0 && !taken[j] && scores[i, j] > 0)
            {
                result[i] = j;
                taken[j] = true;
            }
        }

        return result;
    }

    private static long BruteForce(int[,] scores, int row, bool[] taken)
    {
        if (row == scores.GetLength(0))
        {
            return 0;
        }

        var best = BruteForce(scores, row + 1, taken);
        for (var j = 0; j < taken.Length; j++)
        {
            if (!taken[j] && scores[row, j] != Assignment.Forbidden)
            {
                taken[j] = true;
                best = Math.Max(best, scores[row, j] + BruteForce(scores, row + 1, taken));
                taken[j] = false;
            }
        }

        return best;
    }
}
