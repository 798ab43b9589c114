using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Roster;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Roster;

/// <summary>The app with the roster API configured, tokens for its people, and the import through HTTP.</summary>
public sealed class RosterKit : IAsyncDisposable
{
    public const string Audience = "api://tutorbot-tests";
    public const string CoordinatorLogin = "coordination@passeport-avenir.example";

    private RosterKit(StandIns s) => S = s;

    public StandIns S { get; }

    public static string DemoCsvPath => Path.Combine(AppContext.BaseDirectory, "demo-roster.csv");

    public static byte[] DemoCsv => File.ReadAllBytes(FindDemo());

    /// <summary>The shipped file in the source tree (bot/Features/Roster/demo-roster.csv).</summary>
    public static string DemoCsvSource => FindDemo();

    public static async Task<RosterKit> StartAsync(Dictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Roster:Audience"] = Audience,
            ["Roster:Coordinators:0"] = CoordinatorLogin,
            ["Roster:ImportWindow"] = "100",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        return new RosterKit(await StandIns.StartAsync(settings, services));
    }

    public string Token(string login, string? audience = null, string scope = "access_as_user", bool v1 = false, string? tenant = null) =>
        S.Issuer.UserToken(tenant ?? BotApplication.BotTenant, "oid-" + login, audience ?? Audience, login, scope, v1);

    public string CoordinatorToken => Token(CoordinatorLogin);

    public Task<HttpResponseMessage> ImportAsync(byte[] file, bool dryRun, string? token = null, string language = "fr", string fileName = "roster.csv")
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        form.Add(content, "file", fileName);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/roster/import?dryRun={(dryRun ? "true" : "false")}") { Content = form };
        return SendAsync(request, token ?? CoordinatorToken, language);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? token = null) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), token ?? CoordinatorToken, "fr");

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string? token, string language = "fr")
    {
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        request.Headers.AcceptLanguage.ParseAdd(language);
        return await S.App.Http.SendAsync(request);
    }

    /// <summary>Imports for real and waits for the job to finish; returns the job's final view.</summary>
    public async Task<JsonElement> ImportAndWaitAsync(byte[] file)
    {
        var response = await ImportAsync(file, dryRun: false);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(System.Net.HttpStatusCode.Accepted, response.StatusCode, body.ToString());
        return await WaitForJobAsync(body.GetProperty("jobId").GetString()!);
    }

    public async Task<JsonElement> WaitForJobAsync(string jobId)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = await (await GetAsync($"/api/roster/jobs/{jobId}")).Content.ReadFromJsonAsync<JsonElement>();
            if (job.GetProperty("state").GetString() != JobStates.Pending || DateTime.UtcNow > until)
            {
                return job;
            }

            await Task.Delay(100);
        }
    }

    public static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    public static string Text(string key, string language, params object[] args) =>
        string.Format(System.Globalization.CultureInfo.GetCultureInfo(language), RosterStrings.Manager.GetString(key, System.Globalization.CultureInfo.GetCultureInfo(language))!, args);

    public ValueTask DisposeAsync() => S.DisposeAsync();

    private static string FindDemo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bot", "Features", "Roster", "demo-roster.csv");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("bot/Features/Roster/demo-roster.csv");
    }
}
