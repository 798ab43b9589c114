namespace TutorBot.Features.Programme;

public static class Roles
{
    /// <summary>A volunteer manager of a partner company (tuteur).</summary>
    public const string Tutor = "tutor";

    /// <summary>A pupil or student (élève, étudiant).</summary>
    public const string Student = "student";

    public const string Coordinator = "coordinator";

    public const string Teacher = "teacher";

    /// <summary>A partner organisation's one correspondent for joint communication.</summary>
    public const string Correspondent = "correspondent";

    /// <summary>Every role: what a command for anyone in the programme is for.</summary>
    public static readonly IReadOnlyCollection<string> Everyone = [Tutor, Student, Coordinator, Teacher, Correspondent];
}

/// <summary>
/// A programme member, kept to the minimum the programme needs: many students are minors, so no address,
/// birth date or document is stored.
/// </summary>
public sealed record Person(
    string Id,
    string Role,
    string DisplayName,
    string TenantId,
    string? AadObjectId,
    string? TeamsUserId = null,
    string? OrganisationId = null,
    string? SchoolId = null,
    string? ClassId = null,
    string? TutorId = null,
    string? Mailbox = null);

/// <summary>An organisation of the programme: the association, a partner company, an institution.</summary>
public sealed record Organisation(string Id, string Name, string Kind);

/// <summary>A school (lycée, CPGE) of an academy, with its classes.</summary>
public sealed record School(string Id, string Name, string City, string Academy);

public sealed record SchoolClass(string Id, string SchoolId, string Name, string Stream);
