namespace TutorBot.Features.Pairing;

/// <summary>
/// The assignment problem: each row (a student) takes at most one column (a tutor's place), each column at most one
/// row, maximising the total score. Hungarian method with potentials (shortest augmenting paths, O(n²·m)), rows may
/// stay unassigned (as if matched to a zero-score dummy place) so a pair that would lower the total is never forced.
/// </summary>
public static class Assignment
{
    /// <summary>A pair that may not be made.</summary>
    public const int Forbidden = int.MinValue;

    /// <summary>For each row, the column it takes, or -1.</summary>
    public static int[] Maximise(int[,] scores)
    {
        var rows = scores.GetLength(0);
        var columns = scores.GetLength(1);
        if (rows == 0)
        {
            return [];
        }

        // Minimise cost = -score over columns + one dummy per row (cost 0: stay unassigned).
        var width = columns + rows;
        const long Infinity = long.MaxValue / 4;
        const long Barred = long.MaxValue / 8;
        var u = new long[rows + 1];
        var v = new long[width + 1];
        var owner = new int[width + 1];
        var way = new int[width + 1];
        var minimum = new long[width + 1];
        var used = new bool[width + 1];

        long Cost(int row, int column) => column < columns ? (scores[row, column] == Forbidden ? Barred : -(long)scores[row, column]) : 0;

        for (var i = 1; i <= rows; i++)
        {
            owner[0] = i;
            var j0 = 0;
            Array.Fill(minimum, Infinity);
            Array.Clear(used);
            do
            {
                used[j0] = true;
                var i0 = owner[j0];
                var delta = Infinity;
                var j1 = 0;
                for (var j = 1; j <= width; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    var current = Cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if (current < minimum[j])
                    {
                        minimum[j] = current;
                        way[j] = j0;
                    }

                    if (minimum[j] < delta)
                    {
                        delta = minimum[j];
                        j1 = j;
                    }
                }

                for (var j = 0; j <= width; j++)
                {
                    if (used[j])
                    {
                        u[owner[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minimum[j] -= delta;
                    }
                }

                j0 = j1;
            }
            while (owner[j0] != 0);

            do
            {
                var j1 = way[j0];
                owner[j0] = owner[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }

        var result = new int[rows];
        Array.Fill(result, -1);
        for (var j = 1; j <= columns; j++)
        {
            if (owner[j] != 0 && scores[owner[j] - 1, j - 1] > 0)
            {
                result[owner[j] - 1] = j - 1;
            }
        }

        return result;
    }

    /// <summary>The total score of an assignment (unassigned rows count zero).</summary>
    public static long Total(int[,] scores, int[] assignment) =>
        assignment.Select((column, row) => column < 0 ? 0L : scores[row, column]).Sum();
}
