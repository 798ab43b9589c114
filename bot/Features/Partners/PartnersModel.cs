using System.Text.RegularExpressions;

namespace TutorBot.Features.Partners;

/// <summary>A link a party requires next to its mention (e.g. Passeport Avenir's site), labelled in both languages.</summary>
public sealed record RequiredLink(string Url, string LabelFr, string LabelEn);

/// <summary>
/// What an agreement requires of anyone citing one of its parties: the mention (written by that party's
/// correspondent), its logo "whenever possible", whether each use of the logo needs the owner's BAT, the links
/// that go with the mention, and whether the party's name is barred from commercial communication without its
/// written consent (and whether that consent is on record).
/// </summary>
public sealed record PartyObligations(
    string AgreementId,
    string OrganisationId,
    string MentionFr,
    string MentionEn,
    bool LogoExpected,
    bool LogoNeedsBat,
    IReadOnlyList<RequiredLink> Links,
    bool NameBarredFromCommercial,
    bool WrittenConsentOnRecord);

public static class LogoTypes
{
    public const string Png = "image/png";
    public const string Svg = "image/svg+xml";
}

/// <summary>One stored logo version: its SHA-256 (lowercase hex) names the blob; never overwritten.</summary>
public sealed record LogoVersion(string OrganisationId, string Hash, string ContentType, int Width, int Height, long Bytes, DateTimeOffset UploadedAt);

/// <summary>
/// One mention that went into a message: who (the roster person's opaque id), when, which agreement and party,
/// which logo version, and the SHA-256 of the subject. Never the subject nor any text of the message.
/// </summary>
public sealed record InsertionRecord(string Id, string PersonId, DateTimeOffset At, string AgreementId, string OrganisationId, string? LogoHash, string SubjectHash);

/// <summary>The rows of the Partners table.</summary>
public static partial class PartnersKeys
{
    public const string Table = "Partners";
    public const string LogoContainer = "logos";

    /// <summary>The row that points at an organisation's current logo version, in its logo partition.</summary>
    public const string CurrentLogo = "current";

    public static string ObligationPartition(string agreementId) => "obligation|" + agreementId;

    public static string LogoPartition(string organisationId) => "logo|" + organisationId;

    /// <summary>Insertions by month: a partition never grows past a month of use.</summary>
    public static string InsertionPartition(DateTimeOffset at) => "insertion|" + at.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The blob of a logo version: its hash and an extension that says its type.</summary>
    public static string LogoBlob(string hash, string contentType) => hash + (contentType == LogoTypes.Svg ? ".svg" : ".png");

    /// <summary>Ids the add-in writes into messages as markers: letters, digits, <c>_</c> and <c>-</c>, 1–64.</summary>
    public static bool IsId(string? value) => value is not null && Id().IsMatch(value);

    public static bool IsHash(string? value) => value is not null && Hash().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex Id();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Hash();
}
