using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Features.Workshops;
namespace TutorBot.Demo;

/// <summary>
/// Demo data for the local run, drawn from the two agreements: Passeport Avenir, the UPS (scientific prep-class
/// teachers' union), the Aix-Marseille academy, a lycée with an STI2D class and a CPGE class. The partner
/// companies are fictitious: the agreements name none. The Playground users in
/// <c>.m365agentsplayground.yml</c> are the demo tutor and student.
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
}

/// <summary>A feature's own demo data, seeded after the programme's people; must be idempotent (upserts).</summary>
public interface IDemoSeed
{
    Task SeedAsync(CancellationToken cancellationToken);
}

/// <summary>Seeds the demo data at start when <c>Demo:Seed</c> is true (the local run); upserts, so a rerun is harmless.</summary>
public sealed class DemoSeeder(ProgrammeStore store, IEnumerable<IDemoSeed> featureSeeds, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue<bool>("Demo:Seed"))
        {
            return;
        }

        await DemoData.SeedAsync(store, cancellationToken);
        foreach (var seed in featureSeeds)
        {
            await seed.SeedAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
