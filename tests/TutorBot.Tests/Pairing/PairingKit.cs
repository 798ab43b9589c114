using System.Globalization;
using System.Net.Http.Json;
using System.Resources;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Delivery;
using TutorBot.Features.Pairing;
using TutorBot.Features.Roster;
using TutorBot.Tests.Roster;

namespace TutorBot.Tests.Pairing;

/// <summary>The app with the demo roster imported, the tutors' directory refreshed, and the outbox driven by the test.</summary>
public static class PairingKit
{
    public const string Calanques = "0139901Z";
    public const string Ventoux = "0849902Z";
    public const string Referent = "claire.moreau@demo-lycees.example";
    public const string Julien = "julien.martin@demo-energie.example";
    public const string Nadia = "nadia.benali@demo-conseil.example";
    public const string Thomas = "thomas.girard@demo-energie.example";
    public const string Ines = "ines.haddad@demo-eleves.example";
    public const string Lucas = "lucas.fabre@demo-eleves.example";
    public const string Amina = "amina.diallo@demo-eleves.example";

    public static readonly ResourceManager Resources = new("TutorBot.Features.Pairing.PairingStrings", typeof(PairingStrings).Assembly);

    public static string Id(string login) => RosterKeys.NewPersonId(login);

    public static async Task<RosterKit> StartAsync()
    {
        var kit = await RosterKit.StartAsync(new Dictionary<string, string?>
        {
            ["Delivery:Enabled"] = "false",
            ["Delivery:RetryBaseDelay"] = "00:00:00",
            ["Delivery:MaxRetryDelay"] = "00:00:00",
        });
        await kit.ImportAndWaitAsync(RosterKit.DemoCsv);
        var refreshed = await kit.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/pairing/tutors/refresh"), kit.CoordinatorToken);
        Assert.AreEqual(5, await refreshed.Content.ReadFromJsonAsync<int>(), "five tutors in the demo roster");
        return kit;
    }

    public static async Task<HttpResponseMessage> SendJsonAsync(this RosterKit kit, HttpMethod method, string path, object? body, string? token = null, string language = "fr") =>
        await kit.SendAsync(new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) }, token ?? kit.CoordinatorToken, language);

    public static async Task<JsonElement> JsonAsync(this RosterKit kit, string path, string? token = null)
    {
        var response = await kit.GetAsync(path, token);
        Assert.IsTrue(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task ProfileAsync(this RosterKit kit, string login, string[] fields, string? city)
    {
        var response = await kit.SendJsonAsync(HttpMethod.Put, $"/api/pairing/tutors/{Id(login)}/profile", new { fields, city, academy = "Aix-Marseille" });
        Assert.AreEqual(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    public static Task<HttpResponseMessage> PairAsync(this RosterKit kit, string uai, string student, string tutor, string? token = null) =>
        kit.SendJsonAsync(HttpMethod.Post, $"/api/pairing/schools/{uai}/pairs", new { studentId = Id(student), tutorId = Id(tutor) }, token);

    /// <summary>Runs the outbox until nothing is due soon.</summary>
    public static async Task DrainAsync(RosterKit kit)
    {
        for (var i = 0; i < 200; i++)
        {
            await using var scope = kit.S.App.Services.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().RunOnceAsync("test-worker") == 0)
            {
                var soon = DateTimeOffset.UtcNow.AddSeconds(5);
                var pending = false;
                await foreach (var row in kit.S.App.Table(OutboxStore.Table).QueryAsync<OutboxRow>(r => r.NextUtc < soon))
                {
                    pending = true;
                    break;
                }

                if (!pending)
                {
                    return;
                }

                await Task.Delay(200);
            }
        }
    }

    public static string Text(string key, string language, params object[] args) =>
        string.Format(CultureInfo.GetCultureInfo(language), Resources.GetString(key, CultureInfo.GetCultureInfo(language))!, args);
}
