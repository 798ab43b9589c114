using TutorBot.Features.Roster;

namespace TutorBot.Features.Approvals;

/// <summary>Where a logo is used: what a BAT request names and what a grant covers.</summary>
public static class BatMedia
{
    public const string Email = "email";
    public const string Website = "website";
    public const string Brochure = "brochure";
    public const string Poster = "poster";
    public const string PressRelease = "press-release";

    public static readonly string[] All = [Email, Website, Brochure, Poster, PressRelease];
}

public static class BatStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string ChangesRequested = "changes-requested";
    public const string Rejected = "rejected";
    public const string Expired = "expired";
}

/// <summary>The three answers of the partner's correspondent.</summary>
public static class BatDecisions
{
    public const string Approve = "approve";
    public const string RequestChanges = "changes";
    public const string Reject = "reject";

    public static string StatusOf(string decision) => decision switch
    {
        Approve => BatStatus.Approved,
        RequestChanges => BatStatus.ChangesRequested,
        _ => BatStatus.Rejected,
    };
}

/// <summary>What a decision attempt came to; only <see cref="Decided"/> changes anything.</summary>
public enum DecisionOutcome
{
    Decided,

    /// <summary>The clicker is not the correspondent of the partner that owns the logo (403).</summary>
    NotTheCorrespondent,

    /// <summary>Decided before (a stale card, a second device) or expired (409).</summary>
    AlreadyDecided,
    UnknownDecision,
    CommentRequired,
    CommentTooLong,
}

/// <summary>
/// A logo proof approval request (BAT, bon à tirer): a party to an agreement asks the partner that owns a logo to
/// approve its use — this logo version, this medium, this period — on this draft (stored in blobs under its hash).
/// It is decided once, by the partner's correspondent only; unanswered, it expires at the end of its period.
/// </summary>
public sealed record BatRequest(
    string Id,
    string OrganisationId,
    string LogoHash,
    string Medium,
    DateTimeOffset From,
    DateTimeOffset To,
    string DraftHash,
    string DraftContentType,
    long DraftBytes,
    string RequesterId,
    string RequesterPartition,
    string RequesterOrganisationId,
    DateTimeOffset CreatedAt,
    string Status = BatStatus.Pending,
    string? DecidedBy = null,
    DateTimeOffset? DecidedAt = null,
    string? Comment = null)
{
    public const int CommentMaxLength = 1000;

    public bool IsPending => Status == BatStatus.Pending;

    /// <summary>Only the correspondent of the organisation that owns the logo decides (stored roster facts).</summary>
    public bool CanDecide(RosterPerson? person) =>
        person is { Active: true, Kind: RosterKinds.Correspondent } && string.Equals(person.OrganisationId, OrganisationId, StringComparison.Ordinal);

    public (DecisionOutcome Outcome, BatRequest Request) Decide(RosterPerson? decider, string? decision, string? comment, DateTimeOffset now)
    {
        if (!CanDecide(decider))
        {
            return (DecisionOutcome.NotTheCorrespondent, this);
        }

        if (!IsPending)
        {
            return (DecisionOutcome.AlreadyDecided, this);
        }

        if (now >= To)
        {
            return (DecisionOutcome.AlreadyDecided, Expire(now));
        }

        if (decision is not (BatDecisions.Approve or BatDecisions.RequestChanges or BatDecisions.Reject))
        {
            return (DecisionOutcome.UnknownDecision, this);
        }

        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (decision != BatDecisions.Approve && text is null)
        {
            return (DecisionOutcome.CommentRequired, this);
        }

        if (text?.Length > CommentMaxLength)
        {
            return (DecisionOutcome.CommentTooLong, this);
        }

        return (DecisionOutcome.Decided, this with { Status = BatDecisions.StatusOf(decision), DecidedBy = decider!.Id, DecidedAt = now, Comment = text });
    }

    /// <summary>A pending request whose period is over: nobody answered in time.</summary>
    public bool ShouldExpire(DateTimeOffset now) => IsPending && now >= To;

    public BatRequest Expire(DateTimeOffset now) => IsPending ? this with { Status = BatStatus.Expired, DecidedAt = now } : this;

    /// <summary>The grant an approval makes: exactly this logo version, medium, period and approved content.</summary>
    public Grant? ToGrant() => Status == BatStatus.Approved
        ? new Grant(Id, OrganisationId, LogoHash, Medium, From, To, DraftHash, RequesterOrganisationId, DecidedAt!.Value)
        : null;

    /// <summary>The period a request may name: it ends after it starts and lasts at most <paramref name="max"/>.</summary>
    public static bool IsPeriod(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, TimeSpan max) =>
        to > from && to > now && to - from <= max;
}

/// <summary>
/// An approved BAT: the partner's logo version may be used on this medium during [From, To) (its id is the request's).
/// It ends by itself; the partner may revoke it earlier.
/// </summary>
public sealed record Grant(
    string Id,
    string OrganisationId,
    string LogoHash,
    string Medium,
    DateTimeOffset From,
    DateTimeOffset To,
    string ContentHash,
    string GranteeOrganisationId,
    DateTimeOffset GrantedAt,
    DateTimeOffset? RevokedAt = null,
    string? RevokedBy = null)
{
    public bool Covers(string organisationId, string logoHash, string medium, DateTimeOffset now) =>
        RevokedAt is null && OrganisationId == organisationId && LogoHash == logoHash && Medium == medium && From <= now && now < To;

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && From <= now && now < To;

    /// <summary>Only the owner's correspondent revokes; a revoked grant stays revoked.</summary>
    public bool CanRevoke(RosterPerson? person) =>
        person is { Active: true, Kind: RosterKinds.Correspondent } && string.Equals(person.OrganisationId, OrganisationId, StringComparison.Ordinal);

    public Grant Revoke(RosterPerson by, DateTimeOffset now) => RevokedAt is null ? this with { RevokedAt = now, RevokedBy = by.Id } : this;
}
