using TutorBot.Features.Roster;

namespace TutorBot.Demo;

/// <summary>
/// Who the local run's seeds are about: people and places of the shipped roster file (<c>demo-roster.csv</c>), named
/// by their login, UAI and class as the file names them, so their ids are the ones its import gives them. The
/// Playground users (<c>tools/playground/</c>) are rows of that file; a test checks that the three agree.
/// </summary>
public static class DemoCast
{
    /// <summary>The Agents Playground's tenant (not a valid GUID: kept as a string).</summary>
    public const string TenantId = "00000000-0000-0000-0000-0000000000001";

    /// <summary>Claire Martin, tutor at a fictitious partner company: the Playground's user on the left of the demo page.</summary>
    public const string TutorLogin = "claire.martin@provence-energie.example";

    /// <summary>Yasmine Benali, her student in Terminale STI2D: the Playground's user on the right of the demo page.</summary>
    public const string StudentLogin = "yasmine.benali@eleve.example";

    /// <summary>Inès Morel, the association's coordinator (also the local sign-in's coordinator in run.sh).</summary>
    public const string CoordinatorLogin = "ines.morel@passeport-avenir.example";

    /// <summary>Lycée de l'Étoile (fictitious), Marseille.</summary>
    public const string SchoolUai = "0139904Z";

    public const string ClassName = "Tle STI2D";

    public static string TutorId => RosterKeys.NewPersonId(TutorLogin);

    public static string StudentId => RosterKeys.NewPersonId(StudentLogin);

    public static string CoordinatorId => RosterKeys.NewPersonId(CoordinatorLogin);

    /// <summary>The class as the programme's workshops name it (<see cref="ProgrammeProjection.ClassIdOf"/>).</summary>
    public static string ClassId => SchoolUai + "-" + RosterKeys.Slug(ClassName);
}
