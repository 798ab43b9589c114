namespace TutorBot.Features.Pairing;

/// <summary>A student on the priority list: what the referent needs, no more (no gender, no origin shown per student beyond the criteria met).</summary>
public sealed record PriorityStudentView(string Id, string FirstName, string LastName, string? ClassName, string? Stream, bool Marked, IReadOnlyList<string> Criteria, string? TutorId, string? TutorName, string? PairId);

public sealed record PriorityListView(string SchoolUai, IReadOnlyList<PriorityStudentView> Students, IReadOnlyList<GirlsShare> GirlsInStemPaired, IReadOnlyList<GirlsShare> GirlsInStemMarked);

public sealed record MarkRequest(bool Marked);

public sealed record SuggestionView(string TutorId, string Name, string? Company, int Score, bool Pairable, IReadOnlyList<string> Reasons);

public sealed record ProposalPairView(string StudentId, string StudentName, string TutorId, string TutorName, int Score);

public sealed record ProposalView(string SchoolUai, IReadOnlyList<ProposalPairView> Pairs, IReadOnlyList<string> Unassigned, long Total);

public sealed record PairRequest(string StudentId, string TutorId);

public sealed record ConfirmRequest(IReadOnlyList<PairRequest> Pairs);

public sealed record PairView(string Id, string TutorId, string StudentId, string SchoolUai, string Status, DateTimeOffset StartedUtc, DateTimeOffset? EndedUtc, string? EndRequestedBy)
{
    public static PairView Of(Pair p) => new(p.Id, p.TutorId, p.StudentId, p.SchoolUai, p.Status, p.StartedUtc, p.EndedUtc, p.EndRequestedBy);
}

/// <summary>One pair of a confirmed proposal: <c>paired</c>, <c>studentTaken</c>, <c>tutorFull</c> or <c>notPairable</c>.</summary>
public sealed record ConfirmResultView(string StudentId, string TutorId, string Outcome, string? PairId);

public sealed record TutorProfileRequest(IReadOnlyList<string>? Fields, string? City, string? Academy);

public sealed record OverviewView(
    string SchoolUai,
    IReadOnlyList<PriorityStudentView> WithoutTutor,
    IReadOnlyList<OverviewPairView> QuietPairs,
    IReadOnlyList<OverviewPairView> UnansweredReminders);

public sealed record OverviewPairView(string PairId, string TutorId, string TutorName, string StudentId, string StudentName, DateTimeOffset StartedUtc);

/// <summary>The programme-wide overview (a referent's: their school's pairs only).</summary>
public sealed record ProgrammeOverviewView(IReadOnlyList<QuietTutorView> QuietTutors, IReadOnlyList<ProgrammePairView> UnansweredReminders);

public sealed record QuietTutorView(string TutorId, string TutorName, string? Company, DateTimeOffset? LastSessionUtc, IReadOnlyList<ProgrammePairView> Pairs);

public sealed record ProgrammePairView(string PairId, string TutorId, string TutorName, string StudentId, string StudentName, string SchoolUai, string SchoolName, DateTimeOffset StartedUtc);

public sealed record FollowUpRequest(int Year, string? ClassName, string? School, string? DegreeTarget, bool Graduated, string? FirstJob);

public sealed record AlumniRequest(bool OptedIn);

public sealed record AlumniInvitationRequest(string? Title, string? Message, IReadOnlyList<string>? StudentIds);

public sealed record AlumniInvitationView(string Id, int Invited, IReadOnlyList<string> NotAlumni);

public sealed record AlumnusView(string StudentId, string SchoolUai, string Name, DateTimeOffset ChangedUtc);

public static class PairingOutcomes
{
    public static string Wire(PairingOutcome outcome) => outcome switch
    {
        PairingOutcome.Paired => "paired",
        PairingOutcome.StudentTaken => "studentTaken",
        PairingOutcome.TutorFull => "tutorFull",
        _ => "notPairable",
    };
}
