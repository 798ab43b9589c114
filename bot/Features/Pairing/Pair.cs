namespace TutorBot.Features.Pairing;

public static class PairStatus
{
    public const string Active = "active";

    /// <summary>The tutor or the student asked to end it; a coordinator decides. Still counts as active.</summary>
    public const string EndRequested = "endRequested";

    /// <summary>Kept as history: never deleted.</summary>
    public const string Ended = "ended";
}

/// <summary>
/// One tutor–student pair (binôme). Lives in the tutor's partition beside the tutor's capacity counter, so a
/// pairing and the count are one entity-group transaction; the student's school partition holds the claim that
/// makes it the student's only active pair.
/// </summary>
public sealed record Pair(
    string Id,
    string TutorId,
    string StudentId,
    string SchoolUai,
    string Status,
    DateTimeOffset StartedUtc,
    string CreatedBy,
    string? EndRequestedBy = null,
    DateTimeOffset? EndRequestedUtc = null,
    DateTimeOffset? EndedUtc = null,
    string? EndedBy = null)
{
    public bool IsActive => Status is PairStatus.Active or PairStatus.EndRequested;

    public bool IsMember(string personId) => personId == TutorId || personId == StudentId;

    /// <summary>Either side of an active pair may ask, once; the answer is for a coordinator.</summary>
    public bool CanRequestEnd(string personId) => Status == PairStatus.Active && IsMember(personId);

    public Pair RequestEnd(string personId, DateTimeOffset now) =>
        CanRequestEnd(personId) ? this with { Status = PairStatus.EndRequested, EndRequestedBy = personId, EndRequestedUtc = now } : throw new InvalidOperationException("not an active pair of this person");

    /// <summary>A declined request puts the pair back to active.</summary>
    public Pair DeclineEnd() => Status == PairStatus.EndRequested ? this with { Status = PairStatus.Active, EndRequestedBy = null, EndRequestedUtc = null } : this;

    public Pair End(string by, DateTimeOffset now) =>
        IsActive ? this with { Status = PairStatus.Ended, EndedUtc = now, EndedBy = by } : throw new InvalidOperationException("already ended");

    /// <summary>A new pair's id: sorts by start, unique enough for one tutor's partition.</summary>
    public static string NewId(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
}

/// <summary>What a pairing attempt ended as; <see cref="Pair"/> is set when it was made.</summary>
public enum PairingOutcome
{
    Paired,

    /// <summary>The student already has an active tutor (another coordinator was first).</summary>
    StudentTaken,

    /// <summary>The tutor has no place left (maybe the last one was just taken).</summary>
    TutorFull,

    /// <summary>The tutor is not trained yet, or not in the roster.</summary>
    NotPairable,
}

public sealed record PairingResult(PairingOutcome Outcome, Pair? Pair = null);

/// <summary>What the school's pairing partition holds about its students.</summary>
public sealed record SchoolPairing(
    IReadOnlyDictionary<string, PriorityMark> Marks,
    IReadOnlyDictionary<string, StudentClaim> Claims,
    IReadOnlyList<PairHistory> History);

/// <summary>A referent's or coordinator's mark: accompany this student first.</summary>
public sealed record PriorityMark(string StudentId, string MarkedBy, DateTimeOffset MarkedUtc);

/// <summary>The student's one active pair (its row exists only while the pair is active).</summary>
public sealed record StudentClaim(string StudentId, string TutorId, string PairId, DateTimeOffset ClaimedUtc);

/// <summary>The student's side of a pair, kept when it ends: "no earlier pairing of these two".</summary>
public sealed record PairHistory(string StudentId, string PairId, string TutorId, DateTimeOffset StartedUtc, DateTimeOffset? EndedUtc);
