using System.Globalization;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Pairing;

/// <summary>What the pairing rules say of one student row naming a tutor (pure: tested without storage).</summary>
public static class ImportPairRules
{
    public const string Proposed = "proposed";
    public const string AlreadyPaired = "alreadyPaired";
    public const string StudentTaken = "studentTaken";
    public const string TutorFull = "tutorFull";
    public const string NotTrained = "notTrained";
    public const string NotATutor = "notATutor";

    /// <summary>
    /// Judges the rows in file order: the tutor must be an active, trained tutor; the student must have no other
    /// active tutor (the same one is already paired); the tutor's places (capacity, default 1) are taken by their
    /// active pairs and by the rows proposed before this one.
    /// </summary>
    public static List<(int Line, string Outcome)> Judge(
        IEnumerable<(int Line, string StudentId, RosterPerson? Tutor)> rows,
        IReadOnlyDictionary<string, string> activeTutorOfStudent,
        IReadOnlyDictionary<string, int> activePairsOfTutor)
    {
        var taken = new Dictionary<string, int>(activePairsOfTutor, StringComparer.Ordinal);
        var result = new List<(int, string)>();
        foreach (var (line, studentId, tutor) in rows)
        {
            string outcome;
            if (tutor is not { Kind: RosterKinds.Tutor, Active: true })
            {
                outcome = NotATutor;
            }
            else if (activeTutorOfStudent.TryGetValue(studentId, out var current))
            {
                outcome = current == tutor.Id ? AlreadyPaired : StudentTaken;
            }
            else if (tutor.Trained != true)
            {
                outcome = NotTrained;
            }
            else if (taken.GetValueOrDefault(tutor.Id) >= (tutor.Capacity ?? 1))
            {
                outcome = TutorFull;
            }
            else
            {
                taken[tutor.Id] = taken.GetValueOrDefault(tutor.Id) + 1;
                outcome = Proposed;
            }

            result.Add((line, outcome));
        }

        return result;
    }
}

/// <summary>
/// The import's dry run asks here what its <c>tuteur</c> column would make: each student row naming a tutor is judged
/// against the file (a tutor's trained flag and capacity as the file sets them) and storage (the student's active
/// tutor, the tutor's active pairs). Proposed pairs are confirmed after the import through
/// <c>POST /api/pairing/schools/{uai}/proposal/confirm</c>, where the same rules hold in storage.
/// </summary>
public sealed class ImportPairProposals(RosterStore roster, PairingStore store) : IImportPairs
{
    public async Task<IReadOnlyList<ImportPair>> ProposeAsync(RosterPlan plan, CultureInfo culture, CancellationToken cancellationToken)
    {
        var inFile = plan.People.Where(p => p.Person.Kind == RosterKinds.Tutor).ToDictionary(p => RosterKeys.NormaliseLogin(p.Person.Login), p => p.Person, StringComparer.Ordinal);
        var rows = plan.People.Where(p => p.Person is { Kind: RosterKinds.Student, Active: true, SchoolUai: not null, TutorLogin.Length: > 0 }).ToList();
        var tutors = new Dictionary<string, RosterPerson?>(StringComparer.Ordinal);
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var login = RosterKeys.NormaliseLogin(row.Person.TutorLogin!);
            if (!tutors.ContainsKey(login))
            {
                tutors[login] = inFile.GetValueOrDefault(login) ?? (await roster.FindByLoginAsync(login, cancellationToken))?.Person;
                if (tutors[login] is { } t)
                {
                    counts[t.Id] = await store.ActiveCountAsync(t.Id, cancellationToken);
                }
            }

            if (row.Stored is not null && (await store.StudentAsync(row.Person.SchoolUai!, row.Person.Id, cancellationToken)).Claim is { } claim)
            {
                claims[row.Person.Id] = claim.TutorId;
            }
        }

        RosterPerson? TutorOf(PlannedPerson p) => tutors[RosterKeys.NormaliseLogin(p.Person.TutorLogin!)];
        var judged = ImportPairRules.Judge(rows.Select(p => (p.Line, p.Person.Id, TutorOf(p))), claims, counts);
        return [.. rows.Zip(judged, (p, j) =>
        {
            var tutor = TutorOf(p);
            var message = j.Outcome is ImportPairRules.Proposed or ImportPairRules.AlreadyPaired
                ? null
                : string.Format(culture, PairingTexts.Manager.GetString("ImportPair_" + j.Outcome, culture) ?? j.Outcome, p.Person.TutorLogin, tutor?.Capacity ?? 1);
            return new ImportPair(p.Line, p.Person.Id, p.Person.DisplayName, p.Person.SchoolUai!, tutor?.Id ?? "", tutor?.DisplayName ?? p.Person.TutorLogin!, j.Outcome, message);
        })];
    }
}
