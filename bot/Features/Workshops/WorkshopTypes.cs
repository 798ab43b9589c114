using TutorBot.Features.Programme;

namespace TutorBot.Features.Workshops;

/// <summary>
/// The workshop catalogue (ateliers), from the agreements. <see cref="CpgeOnly"/> types are for 2nd-year CPGE
/// classes; <see cref="International"/> ones need English-speaking speakers.
/// </summary>
public static class WorkshopTypes
{
    public const string Paths = "paths";
    public const string CompanyJobs = "companyJobs";
    public const string Oral = "oral";
    public const string OralRehearsal = "oralRehearsal";
    public const string GrandesEcoles = "grandesEcoles";
    public const string Financing = "financing";
    public const string Jobs = "jobs";
    public const string Internship = "internship";
    public const string JobsForum = "jobsForum";
    public const string International = "international";

    public static readonly string[] All = [Paths, CompanyJobs, Oral, OralRehearsal, GrandesEcoles, Financing, Jobs, Internship, JobsForum, International];

    /// <summary>Oral-exam rehearsal and the financing workshop are held in 2nd-year CPGE.</summary>
    public static readonly string[] CpgeOnly = [OralRehearsal, Financing];

    public const string CpgeStream = "CPGE";

    /// <summary>Whether a workshop of <paramref name="type"/> may be held for <paramref name="schoolClass"/>: CPGE-only types for CPGE classes only.</summary>
    public static bool Admits(string type, SchoolClass schoolClass) => !CpgeOnly.Contains(type) || schoolClass.Stream == CpgeStream;
}

public static class WorkshopKinds
{
    public const string Workshop = "workshop";

    /// <summary>A partner company's site visit (visite de site).</summary>
    public const string Visit = "visit";
}

public static class WorkshopStatus
{
    /// <summary>A visit offered by a company, not yet matched to schools by a coordinator.</summary>
    public const string Offered = "offered";
    public const string Published = "published";
}

public static class RegistrationStatus
{
    public const string Confirmed = "confirmed";
    public const string Waiting = "waiting";
    public const string Cancelled = "cancelled";

    /// <summary>Cancelled less than 24 hours before the start: recorded, and the place is not given to anyone else.</summary>
    public const string LateCancelled = "lateCancelled";

    public static bool IsActive(string status) => status is Confirmed or Waiting;
}

/// <summary>An offer to speak is a request: a coordinator approves it (within the speakers wanted) or declines it.</summary>
public static class SpeakerStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Declined = "declined";
}
