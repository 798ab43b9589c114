using System.Globalization;
using System.Resources;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Delivery;
using TutorBot.Demo;
using TutorBot.Features.Identity;
using TutorBot.Features.Programme;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Roster;

namespace TutorBot.Tests.Identity;

/// <summary>A roster app with a fast outbox, Teams users the connector knows, and waits for what the outbox sends.</summary>
public static class IdentityKit
{
    public const string Uai = "0131111A";

    public static readonly ResourceManager Texts = new("TutorBot.Features.Identity.IdentityStrings", typeof(IdentityStrings).Assembly);
    public static readonly ResourceManager Shared = new("TutorBot.Resources.Strings", typeof(TutorBot.Resources.Strings).Assembly);

    public static Task<RosterKit> StartAsync() => RosterKit.StartAsync(new Dictionary<string, string?>
    {
        ["Delivery:PollInterval"] = "00:00:00.050",
        ["Delivery:RetryBaseDelay"] = "00:00:00",
        ["Delivery:MaxRetryDelay"] = "00:00:00",
        ["Delivery:MaxAttempts"] = "4",
    });

    /// <summary>A school, a tutor and a student (login in mixed case, as people type them).</summary>
    public static byte[] Roster(string tag, string studentLast = "Benali", string studentClass = "Tle STI2D", bool studentActive = true) => RosterKit.Csv(
        "type;prenom;nom;upn_email;uai;academie;ville;entreprise;classe;niveau;filiere;langue;tuteur;forme;capacite",
        $"établissement;;Lycée Test {tag};;{Uai};Aix-Marseille;Marseille;;;;;;;;",
        $"tuteur;Claire;Martin;claire.{tag}@energie.example;;;;Énergie Test;;;;;;oui;2",
        $"élève;Yasmine;{studentLast};Yasmine.{tag}@Eleves.example;{Uai};;;;{studentClass};Tle;STI2D;fr;claire.{tag}@energie.example;;");

    /// <summary>Someone the bot has never heard from: a fresh Teams user id and object id.</summary>
    public static Person Newcomer(string name = "Newcomer") =>
        new("unknown", Roles.Student, name, DemoData.TenantId, Guid.NewGuid().ToString(), "29:" + Guid.NewGuid().ToString("N"));

    public static string Text(string key, string language, params object[] args) =>
        string.Format(CultureInfo.GetCultureInfo(language), Texts.GetString(key, CultureInfo.GetCultureInfo(language))!, args);

    public static string SharedText(string key, string language, params object[] args) =>
        string.Format(CultureInfo.GetCultureInfo(language), Shared.GetString(key, CultureInfo.GetCultureInfo(language))!, args);

    /// <summary>What the connector received for this person's chat, in order.</summary>
    public static List<string> CardsTo(StandIns s, Person person) =>
        [.. s.Connector.Calls.Where(c => c.Method == "POST" && c.ConversationId == Activities.ConversationIdOf(person)).Select(c => c.CardText)];

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new AssertFailedException("timed out waiting: " + what);
            }

            await Task.Delay(50);
        }
    }

    public static Task WaitForCardAsync(StandIns s, Person person, string text) =>
        WaitUntilAsync(() => Task.FromResult(CardsTo(s, person).Any(c => c.Contains(text, StringComparison.Ordinal))), "a card with " + text);

    /// <summary>Lookup rows, pending or archived.</summary>
    public static async Task<(int Pending, int Done)> LookupRowsAsync(BotApplication app)
    {
        var pending = 0;
        await foreach (var _ in app.Table(OutboxStore.Table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Kind eq {IdentityRows.Lookup}")))
        {
            pending++;
        }

        var done = 0;
        await foreach (var _ in app.Table(OutboxStore.DoneTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Kind eq {IdentityRows.Lookup}")))
        {
            done++;
        }

        return (pending, done);
    }

    public static ProgrammeStore Programme(StandIns s) => s.App.Services.GetRequiredService<ProgrammeStore>();
}
