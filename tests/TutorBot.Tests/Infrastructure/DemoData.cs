using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Features.Workshops;

// The namespace the class had when it was the local run's demo data, so every test naming DemoData reads unchanged.
namespace TutorBot.Demo;

/// <summary>
/// The MSTest suite's fixture programme, written straight into the Programme store (no roster, no linking): a tutor
/// and her student, another pair, a coordinator and a teacher, with their schools and classes, drawn from the two
/// agreements (the partner companies are fictitious). It was the local run's demo data until the demo's people came
/// from the shipped roster file (bot/Demo/DemoCast.cs); <see cref="TutorBot.Tests.Infrastructure.BotApplication"/> seeds it when <c>Demo:Seed</c> is true.
/// </summary>
public static class DemoData
{
    public const string TenantId = "00000000-0000-0000-0000-0000000000001";

    public static readonly Organisation[] Organisations =
    [
        new("passeport-avenir", "Passeport Avenir", "association"),
        new("ups", "Union des Professeurs de classes préparatoires Scientifiques (UPS)", "union"),
        new("ac-aix-marseille", "Académie d'Aix-Marseille", "academy"),
        new("provence-energie", "Provence Énergie (partenaire fictif)", "company"),
        new("calanques-ingenierie", "Calanques Ingénierie (partenaire fictif)", "company"),
    ];

    public static readonly School[] Schools =
    [
        new("lycee-etoile", "Lycée de l'Étoile (démo)", "Marseille", "Aix-Marseille"),
        new("lycee-sainte-victoire", "Lycée Sainte-Victoire (démo)", "Aix-en-Provence", "Aix-Marseille"),
    ];

    public static readonly SchoolClass[] Classes =
    [
        new("etoile-tle-sti2d", "lycee-etoile", "Terminale STI2D", "STI2D"),
        new("sainte-victoire-mp2", "lycee-sainte-victoire", "CPGE MP, 2e année", "CPGE"),
    ];

    public static readonly Person Tutor = new(
        "tutor-claire", Roles.Tutor, "Claire Martin", TenantId, "00000000-0000-0000-0000-0000000000020", "user-id-0", "provence-energie",
        Mailbox: "claire.martin@provence-energie.example");

    public static readonly Person Student = new(
        "student-yasmine", Roles.Student, "Yasmine Benali", TenantId, "00000000-0000-0000-0000-0000000000021", "user-id-1",
        SchoolId: "lycee-etoile", ClassId: "etoile-tle-sti2d", TutorId: "tutor-claire");

    public static readonly Person[] People =
    [
        Tutor,
        Student,
        new("tutor-karim", Roles.Tutor, "Karim Haddad", TenantId, "00000000-0000-0000-0000-0000000000022", "user-id-2", "calanques-ingenierie"),
        new("student-lucas", Roles.Student, "Lucas Ferreira", TenantId, "00000000-0000-0000-0000-0000000000023", "user-id-3",
            SchoolId: "lycee-sainte-victoire", ClassId: "sainte-victoire-mp2", TutorId: "tutor-karim"),
        new("coordinator-ines", Roles.Coordinator, "Inès Morel", TenantId, "00000000-0000-0000-0000-0000000000024", "user-id-4", "passeport-avenir"),
        new("teacher-nadia", Roles.Teacher, "Nadia Roussel", TenantId, "00000000-0000-0000-0000-0000000000025", "user-id-5", SchoolId: "lycee-etoile"),
    ];

    public static async Task SeedAsync(ProgrammeStore store, CancellationToken cancellationToken = default)
    {
        foreach (var organisation in Organisations)
        {
            await store.UpsertAsync(organisation, cancellationToken);
        }

        foreach (var school in Schools)
        {
            await store.UpsertAsync(school, cancellationToken);
        }

        foreach (var schoolClass in Classes)
        {
            await store.UpsertAsync(schoolClass, cancellationToken);
        }

        foreach (var person in People)
        {
            await store.UpsertAsync(person, cancellationToken);
        }
    }

    /// <summary>What the bot's demo seeds wrote for this programme before: the people, a week-old session of the first pair, a jobs forum.</summary>
    public static async Task SeedAllAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await SeedAsync(services.GetRequiredService<ProgrammeStore>(), cancellationToken);
        var clock = services.GetRequiredService<TimeProvider>();
        await TutoringDemoSeed.AddPastSessionAsync(services.GetRequiredService<SessionStore>(), Student.Id, Tutor.Id, clock, cancellationToken);
        await WorkshopDemoSeed.AddJobsForumAsync(
            services.GetRequiredService<WorkshopStore>(), Schools[0].Id, Classes[0].Id, "Lycée de l'Étoile, gymnase", "coordinator-ines", TenantId, clock, cancellationToken);
    }
}
