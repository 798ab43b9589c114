using TutorBot.Features.Programme;

namespace TutorBot.Features.Workshops;

/// <summary>
/// More demo students for the workshops' waiting list (a class of the lycée de l'Étoile), and a partner host for
/// site visits. Ids and Playground user ids follow the programme's demo people.
/// </summary>
public sealed class WorkshopDemoSeed(ProgrammeStore programme) : IDemoSeed
{
    public static readonly Person[] People =
    [
        new("student-ines-b", Roles.Student, "Inès Bouzid", DemoData.TenantId, "00000000-0000-0000-0000-0000000000026", "user-id-6",
            SchoolId: "lycee-etoile", ClassId: "etoile-tle-sti2d"),
        new("student-tom", Roles.Student, "Tom Girard", DemoData.TenantId, "00000000-0000-0000-0000-0000000000027", "user-id-7",
            SchoolId: "lycee-etoile", ClassId: "etoile-tle-sti2d"),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var person in People)
        {
            await programme.UpsertAsync(person, cancellationToken);
        }
    }
}
