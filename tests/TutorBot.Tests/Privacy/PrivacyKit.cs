using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Demo;
using TutorBot.Features.Partners;
using TutorBot.Features.Programme;
using TutorBot.Features.Roster;
using TutorBot.Features.Tutoring;
using TutorBot.Features.Workshops;
using TutorBot.Protocol.Connector;
using TutorBot.Storage;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Roster;

namespace TutorBot.Tests.Privacy;

/// <summary>
/// The app with the roster API and the demo people, and one student (Lucas) with rows in every store, beside another
/// (Yasmine) whose rows must stay untouched. Seeds go through the features' stores; export and erasure through HTTP.
/// </summary>
public static class PrivacyKit
{
    public const string LucasLogin = "lucas.ferreira@demo-lycees.example";
    public const string Uai = "0139901Z";
    public const string WorkshopId = "ws-privacy";

    public static readonly Person Lucas = DemoData.People.Single(p => p.Id == "student-lucas");
    public static readonly Person Yasmine = DemoData.Student;

    public static Dictionary<string, string?> Settings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "false",
            ["Privacy:ErasurePollInterval"] = "00:00:00.500",
            ["Privacy:Lease"] = "00:00:02",
            ["Privacy:RetentionEnabled"] = "false",
            ["Privacy:HashSalt"] = "test-salt",
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The roster id Lucas gets (derived from his login, as an import would).</summary>
    public static string LucasRosterId => RosterKeys.NewPersonId(LucasLogin);

    /// <summary>Lucas everywhere, and Yasmine in the same sessions table, workshop and outbox.</summary>
    public static async Task SeedAsync(BotApplication app, DateTimeOffset now)
    {
        var sp = app.Services;
        var programme = sp.GetRequiredService<ProgrammeStore>();
        await DemoData.SeedAsync(programme);

        var roster = sp.GetRequiredService<RosterStore>();
        var person = new RosterPerson(LucasRosterId, RosterKinds.Student, "Lucas", "Ferreira", LucasLogin, Uai, ClassName: "MP2", Level: "CPGE2", Stream: "CPGE", Gender: "M", Scholarship: true);
        await roster.People.UpsertEntityAsync(RosterEntities.Person(person));
        await roster.Index.UpsertEntityAsync(RosterEntities.LoginIndex(person));
        await roster.Index.UpsertEntityAsync(RosterEntities.NameIndex(person));
        await roster.LinkIdentityAsync(Lucas.TenantId, Lucas.AadObjectId!, person, CancellationToken.None);

        var conversations = sp.GetRequiredService<ConversationStore>();
        foreach (var p in new[] { Lucas, Yasmine })
        {
            await conversations.SaveAsync(p.TenantId, p.AadObjectId!, new ConversationRef(app.Connector.ServiceUrl, Activities.ConversationIdOf(p), p.TenantId, p.TeamsUserId), "fr-FR");
            await conversations.TryMarkWelcomedAsync(Activities.ConversationIdOf(p));
        }

        var sessions = sp.GetRequiredService<SessionStore>();
        foreach (var (student, tutor, id) in new[] { (Lucas, "tutor-karim", "s-lucas-1"), (Lucas, "tutor-karim", "s-lucas-2"), (Yasmine, "tutor-claire", "s-yasmine-1") })
        {
            await sessions.TryAddAsync(new TutoringSession
            {
                PartitionKey = student.Id,
                RowKey = id,
                TutorId = tutor,
                StartUtc = now.AddDays(-7),
                DurationMinutes = 60,
                Status = SessionStatus.Confirmed,
                CreatedUtc = now.AddDays(-10),
                StudentConversationId = Activities.ConversationIdOf(student),
                Reason = "free text by " + student.DisplayName,
                Outcome = Outcomes.Happened,
                LoggedTopics = "oralPreparation",
                Rating = 4,
                RatingComment = "merci, dit " + student.DisplayName,
            });
        }

        var workshops = app.Table(WorkshopStore.Table);
        await workshops.UpsertEntityAsync(new TableEntity(WorkshopId, Workshop.MetaRow) { ["Type"] = "jobs", ["StartUtc"] = now.AddDays(-3), ["Capacity"] = 30, ["Confirmed"] = 2, ["CreatedBy"] = "coordinator-ines", ["TenantId"] = Lucas.TenantId });
        foreach (var p in new[] { Lucas, Yasmine })
        {
            await workshops.UpsertEntityAsync(new TableEntity(WorkshopId, Registration.Key(p.Id)) { ["PersonId"] = p.Id, ["Status"] = RegistrationStatus.Confirmed, ["Seq"] = 1L, ["SignedUpUtc"] = now.AddDays(-5) });
            await workshops.UpsertEntityAsync(new TableEntity(WorkshopId, Presence.Key(p.Id)) { ["PersonId"] = p.Id, ["Present"] = true, ["By"] = "teacher-nadia", ["MarkedUtc"] = now.AddDays(-3) });
            await workshops.UpsertEntityAsync(new TableEntity(WorkshopId, SentCard.Key("invite/" + p.Id)) { ["Status"] = SentCardStatus.Sent, ["ClaimedUtc"] = now.AddDays(-6) });
        }

        var outbox = sp.GetRequiredService<OutboxStore>();
        foreach (var p in new[] { Lucas, Yasmine })
        {
            await outbox.PlanAsync(OutboxRow.Create("tutoring.reminder", $"session/s-{p.Id}/dayBefore/student", now.AddDays(2), p.TenantId, p.Id, JsonSerializer.Serialize(new { StudentId = p.Id })));
            var done = OutboxRow.Create("workshop.invite", $"workshop/{WorkshopId}/invite/{p.Id}", now.AddDays(-6), p.TenantId, p.Id);
            done.Outcome = DeliveryStates.Sent;
            done.FinishedUtc = now.AddDays(-6);
            await outbox.MoveToDoneAsync(done);

            // A row to the tutor that names the student only in its payload.
            await outbox.PlanAsync(OutboxRow.Create("tutoring.tell", $"session/s-{p.Id}/tell/tutor/1/answered", now.AddDays(1), p.TenantId, p.TutorId, JsonSerializer.Serialize(new { StudentId = p.Id, SessionId = "s-" + p.Id })));
        }

        await sp.GetRequiredService<PartnersStore>().AddInsertionAsync(new InsertionRecord("ins-1", LucasRosterId, now.AddDays(-2), "agreement-1", "provence-energie", null, "subjecthash"), CancellationToken.None);
        await app.Table(TutorBot.Calendar.LocalCalendar.Table).UpsertEntityAsync(new TableEntity(ConversationStore.Key(LucasLogin), "evt-1") { ["Subject"] = "Tutorat", ["StartUtc"] = now, ["EndUtc"] = now.AddHours(1) });
    }

    /// <summary>Every row of every table of this app's prefix, as text (keys and string values).</summary>
    public static async Task<List<string>> ScanAsync(BotApplication app)
    {
        var service = new TableServiceClient(BotApplication.StorageConnection);
        var rows = new List<string>();
        await foreach (var table in service.QueryAsync(t => t.Name.CompareTo(app.TablePrefix) >= 0 && t.Name.CompareTo(app.TablePrefix + "~") < 0))
        {
            await foreach (var e in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                rows.Add(table.Name[app.TablePrefix.Length..] + " " + e.PartitionKey + " " + e.RowKey + " " + string.Join(" ", e.Select(kv => kv.Value is byte[]? "" : kv.Value?.ToString())));
            }
        }

        return rows;
    }

    /// <summary>What identifies Lucas anywhere: his ids, Entra object id, Teams user id, name and login.</summary>
    public static string[] LucasMarks => [Lucas.Id, LucasRosterId, Lucas.AadObjectId!, Lucas.TeamsUserId!, "Ferreira", LucasLogin, Activities.ConversationIdOf(Lucas)];

    public static async Task<JsonElement> WaitForErasureAsync(RosterKit kit, string id, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var job = await (await kit.GetAsync($"/api/privacy/erasures/{id}")).Content.ReadFromJsonAsync<JsonElement>();
            if (job.GetProperty("state").GetString() == "done" || DateTime.UtcNow > until)
            {
                return job;
            }

            await Task.Delay(100);
        }
    }
}
