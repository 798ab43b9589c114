namespace TutorBot.Features.Pairing;

/// <summary>
/// A tutor as pairing sees them (the <c>tutors</c> directory row): from the roster (company, trained, capacity),
/// the pairing profile a coordinator keeps (fields, where they work) and the count of active pairs.
/// </summary>
public sealed record PairingTutor(
    string Id,
    string RosterPartition,
    string Name,
    string OrganisationId,
    bool Trained,
    int Capacity,
    int Active,
    IReadOnlyList<string> Fields,
    string? City,
    string? Academy)
{
    public int PlacesLeft => Math.Max(0, Capacity - Active);
}

/// <summary>What the scoring needs of a student: their stream, their school's place, the tutors they had before.</summary>
public sealed record StudentNeed(string Id, string? Stream, string? SchoolCity, string? SchoolAcademy, IReadOnlySet<string> EarlierTutors);

/// <summary>A ranked tutor for one student, with the reasons as codes (<c>sameStream</c>, <c>students:2</c>…).</summary>
public sealed record Suggestion(string TutorId, int Score, bool Pairable, IReadOnlyList<string> Reasons);

/// <summary>
/// Tutor scoring (MentorcliQ-like, with the programme's own rules). Untrained or full tutors are listed but not
/// pairable. Points: same stream 40, same city 30 (else same academy 15), fewer students 20/10/0, places left 5 each
/// up to 15, never paired with this student 10, paired before −50.
/// </summary>
public static class TutorScoring
{
    public const int SameStream = 40;
    public const int SameCity = 30;
    public const int SameAcademy = 15;
    public const int NeverPaired = 10;
    public const int PairedBefore = -50;

    /// <param name="extraStudents">Students the tutor would already have in this proposal (the k-th place of a tutor scores as if k more were taken).</param>
    public static Suggestion Score(StudentNeed student, PairingTutor tutor, int extraStudents = 0)
    {
        var reasons = new List<string>();
        var score = Points(student, tutor, extraStudents, reasons);
        var left = Math.Max(0, tutor.Capacity - tutor.Active - extraStudents);
        reasons.Insert(0, tutor.Trained ? "trained" : "notTrained");
        return new Suggestion(tutor.Id, score, tutor.Trained && left > 0, reasons);
    }

    /// <summary>The points alone; <paramref name="reasons"/> collects why when given (the proposal's inner loop passes none).</summary>
    internal static int Points(StudentNeed student, PairingTutor tutor, int extraStudents, List<string>? reasons)
    {
        var score = 0;
        if (student.Stream is { } stream && tutor.Fields.Contains(stream, StringComparer.OrdinalIgnoreCase))
        {
            score += SameStream;
            reasons?.Add("sameStream");
        }

        if (Same(student.SchoolCity, tutor.City))
        {
            score += SameCity;
            reasons?.Add("sameCity");
        }
        else if (Same(student.SchoolAcademy, tutor.Academy))
        {
            score += SameAcademy;
            reasons?.Add("sameAcademy");
        }

        var active = tutor.Active + extraStudents;
        score += Math.Max(0, 20 - (10 * active));
        reasons?.Add("students:" + active.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var left = Math.Max(0, tutor.Capacity - active);
        score += 5 * Math.Min(left, 3);
        reasons?.Add("placesLeft:" + left.ToString(System.Globalization.CultureInfo.InvariantCulture));

        if (student.EarlierTutors.Contains(tutor.Id))
        {
            score += PairedBefore;
            reasons?.Add("pairedBefore");
        }
        else
        {
            score += NeverPaired;
            reasons?.Add("neverPaired");
        }

        return score;
    }

    /// <summary>Pairable tutors first (so trained ones), then by score, fewer students, id.</summary>
    public static IReadOnlyList<Suggestion> Rank(StudentNeed student, IEnumerable<PairingTutor> tutors, int max = 20)
    {
        var scored = tutors.Select(t => (Tutor: t, Suggestion: Score(student, t)));
        return [.. scored
            .OrderByDescending(s => s.Suggestion.Pairable)
            .ThenByDescending(s => s.Suggestion.Score)
            .ThenBy(s => s.Tutor.Active)
            .ThenBy(s => s.Tutor.Id, StringComparer.Ordinal)
            .Take(max)
            .Select(s => s.Suggestion)];
    }

    private static bool Same(string? a, string? b) => !string.IsNullOrWhiteSpace(a) && string.Equals(a.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>A proposed pair of a whole-school proposal.</summary>
public sealed record ProposedPair(string StudentId, string TutorId, int Score);

/// <summary>
/// The whole-school proposal: every unpaired priority student against every pairable tutor place (a tutor expanded
/// into one column per place left, the k-th place scored as if k students were already taken), solved as an
/// assignment maximising the total score. Students left out had no place worth a positive score.
/// </summary>
public static class WholeSchoolProposal
{
    public static IReadOnlyList<ProposedPair> Propose(IReadOnlyList<StudentNeed> students, IReadOnlyList<PairingTutor> tutors)
    {
        var places = new List<(PairingTutor Tutor, int K)>();
        foreach (var tutor in tutors.Where(t => t.Trained))
        {
            for (var k = 0; k < tutor.PlacesLeft; k++)
            {
                places.Add((tutor, k));
            }
        }

        var scores = new int[students.Count, places.Count];
        for (var i = 0; i < students.Count; i++)
        {
            for (var j = 0; j < places.Count; j++)
            {
                scores[i, j] = Score(students[i], places[j].Tutor, places[j].K);
            }
        }

        var chosen = Assignment.Maximise(scores);
        return [.. chosen.Select((j, i) => j < 0 ? null : new ProposedPair(students[i].Id, places[j].Tutor.Id, scores[i, j])).OfType<ProposedPair>()];
    }

    /// <summary>The score of a place: the student-dependent part only, plus the place's load (cheap: no reasons list).</summary>
    internal static int Score(StudentNeed student, PairingTutor tutor, int k) => TutorScoring.Points(student, tutor, k, null);
}
