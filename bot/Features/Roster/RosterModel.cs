using System.Text.RegularExpressions;

namespace TutorBot.Features.Roster;

/// <summary>What a roster row is: the kinds of people and places the programme knows.</summary>
public static class RosterKinds
{
    public const string School = "school";
    public const string Student = "student";
    public const string Tutor = "tutor";

    /// <summary>The teacher who is the school's contact for the programme (référent).</summary>
    public const string Referent = "referent";

    public const string Coordinator = "coordinator";

    /// <summary>A partner organisation's one correspondent for joint communication.</summary>
    public const string Correspondent = "correspondent";

    public static readonly string[] People = [Student, Tutor, Referent, Coordinator, Correspondent];
}

/// <summary>Kinds of organisation in the agreements: the association, partners, the education authority, a union.</summary>
public static class OrganisationKinds
{
    public const string Association = "association";
    public const string Company = "company";
    public const string School = "school";
    public const string EducationAuthority = "education-authority";
    public const string TeachersUnion = "teachers-union";
}

/// <summary>Class levels (niveau) and streams (filière) the agreements name.</summary>
public static partial class Curriculum
{
    public static readonly string[] Levels = ["3e", "2de", "1re", "Tle", "BTS1", "BTS2", "CPGE1", "CPGE2"];

    public static readonly string[] Streams = ["college", "generale", "STI2D", "STL", "pro", "BTS", "CPGE"];

    /// <summary>Éducation prioritaire: REP, REP+, or a rural school.</summary>
    public static readonly string[] Priorities = ["", "REP", "REP+", "rural"];

    /// <summary>Lycée général, technologique, professionnel (a school can be several).</summary>
    public static readonly string[] SchoolTypes = ["college", "general", "techno", "pro"];

    public static readonly string[] Genders = ["", "F", "M", "X"];

    /// <summary>Territorial origin (origine territoriale): a priority urban district (QPV), rural, or other.</summary>
    public static readonly string[] Origins = ["", "qpv", "rural", "autre"];

    public static readonly string[] Languages = ["fr", "en"];

    /// <summary>UAI (unité administrative immatriculée): 7 digits and a letter, e.g. 0130001A.</summary>
    public static bool IsUai(string value) => Uai().IsMatch(value);

    public static string? Canonical(string[] allowed, string value) =>
        allowed.FirstOrDefault(a => string.Equals(a, value.Trim(), StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("^[0-9]{7}[A-Z]$")]
    private static partial Regex Uai();
}

public sealed record RosterOrganisation(string Id, string Name, string Kind, string? CorrespondentName = null, string? CorrespondentEmail = null);

public sealed record RosterSchool(string Uai, string Name, string Academy, string City, string Priority, string Types, bool Cpge);

public sealed record RosterClass(string SchoolUai, string Name, string Level, string Stream);

/// <summary>
/// One person of the programme. Nothing more than the programme needs (many students are minors): no address,
/// birth date or document. Student-only fields are null for others.
/// </summary>
public sealed record RosterPerson(
    string Id,
    string Kind,
    string FirstName,
    string LastName,
    string Login,
    string? SchoolUai = null,
    string? OrganisationId = null,
    string? ClassName = null,
    string? Level = null,
    string? Stream = null,
    string? Gender = null,
    bool? Scholarship = null,
    string? Origin = null,
    bool? FarFromBusiness = null,
    string? Language = null,
    string? TutorLogin = null,
    bool? Trained = null,
    int? Capacity = null,
    bool Active = true)
{
    public string DisplayName => $"{FirstName} {LastName}";
}

/// <summary>
/// A partnership agreement (convention): signed on a date for an initial term, then renewed tacitly for
/// renewal terms unless a party gives notice before the term ends.
/// </summary>
public sealed record RosterAgreement(
    string Id,
    string Title,
    string[] Parties,
    DateOnly? SignedOn,
    int InitialTermYears,
    int RenewalTermYears,
    int? NoticeMonths)
{
    /// <summary>
    /// The end of the term running on <paramref name="today"/> and the last day a party may give notice so the
    /// agreement ends then (null when the date of signature or the notice period is unknown).
    /// </summary>
    public (DateOnly TermEnd, DateOnly? LastNoticeDay)? CurrentTerm(DateOnly today)
    {
        if (SignedOn is not { } signed)
        {
            return null;
        }

        // A term "of three years from signature" ends the day before the anniversary.
        var end = signed.AddYears(InitialTermYears).AddDays(-1);
        while (end < today && RenewalTermYears > 0)
        {
            end = end.AddDays(1).AddYears(RenewalTermYears).AddDays(-1);
        }

        // Notice "three months before the term": the term's last day minus three months.
        DateOnly? lastNotice = NoticeMonths is { } months ? end.AddMonths(-months) : null;
        return (end, lastNotice);
    }
}
