using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Approvals;
using TutorBot.Features.Programme;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Partners;
using TutorBot.Tests.Workshops;

namespace TutorBot.Tests.Approvals;

/// <summary>
/// The partners' app (three correspondents and the coordinator of <see cref="PartnersKit"/>) with the outbox driven
/// by the test, both logos uploaded, and each person's Teams identity linked in the roster (by a first signed-in call)
/// and their chat with the bot opened (an installation): what the BAT cards need to reach them.
/// </summary>
public sealed class ApprovalsKit : IAsyncDisposable
{
    public static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");

    private ApprovalsKit(PartnersKit partners) => P = partners;

    public PartnersKit P { get; }

    public StandIns S => P.S;

    public string UpsLogo { get; private set; } = "";

    public string AssociationLogo { get; private set; } = "";

    /// <summary>UPS as the cards name it (the roster's organisation name).</summary>
    public string UpsName { get; private set; } = "";

    public Person Sonia { get; } = Teams(PartnersKit.UpsLogin, "Sonia Najid");

    public Person Anne { get; } = Teams(PartnersKit.AcademieLogin, "Anne Recteur");

    public Person Coordinator { get; } = Teams(Roster.RosterKit.CoordinatorLogin, "Coordination");

    public static async Task<ApprovalsKit> StartAsync()
    {
        var kit = new ApprovalsKit(await PartnersKit.StartAsync(WorkshopTestKit.Settings()));
        var ups = PartnersKit.Png(120, 40, shade: 0x10);
        var pa = PartnersKit.Png(120, 40, shade: 0x20);
        Assert.AreEqual(HttpStatusCode.Created, (await kit.P.UploadAsync("ups", ups, "ups.png", "image/png", kit.P.Coordinator)).StatusCode);
        Assert.AreEqual(HttpStatusCode.Created, (await kit.P.UploadAsync(PartnersKit.Association, pa, "pa.png", "image/png", kit.P.Coordinator)).StatusCode);
        kit.UpsLogo = PartnersKit.Sha256(ups);
        kit.AssociationLogo = PartnersKit.Sha256(pa);
        kit.UpsName = (await kit.S.App.Services.GetRequiredService<TutorBot.Features.Roster.RosterPlaces>().OrganisationsAsync(default))["ups"].Name;
        var programme = kit.S.App.Services.GetRequiredService<ProgrammeStore>();
        foreach (var (person, token) in new[] { (kit.Sonia, kit.P.Token(PartnersKit.UpsLogin)), (kit.Anne, kit.P.Token(PartnersKit.AcademieLogin)), (kit.Coordinator, kit.P.Coordinator) })
        {
            // The signed-in call links tid + oid to the roster person; the installation opens the chat.
            Assert.AreEqual(HttpStatusCode.OK, (await kit.P.GetAsync("/api/addin/agreements", token)).StatusCode);
            await programme.UpsertAsync(person);
            await kit.S.App.PostActivityAsync(Activities.Installed(kit.S.Connector.ServiceUrl, person));
        }

        kit.S.Connector.Reset();
        return kit;
    }

    /// <summary>A programme member as Teams names them: the roster's test tokens carry <c>oid-{login}</c>.</summary>
    public static Person Teams(string login, string name) =>
        new("p-" + login.Split('@')[0], Roles.Teacher, name, BotApplication.BotTenant, "oid-" + login, "29:" + login.Split('@')[0]);

    public static string Text(string key, params object[] args) => ApprovalStrings.Get(key, Fr, args);

    public static string Html(string words = "Invitation au forum des métiers, avec nos partenaires.") =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"<html><body><p>{words}</p><script>alert(1)</script></body></html>"));

    public async Task<HttpResponseMessage> RequestAsync(string token, string organisationId, string logoHash, string medium = "email", DateTimeOffset? from = null, DateTimeOffset? to = null, string? draft = null)
    {
        var now = DateTimeOffset.UtcNow;
        return await P.PostJsonAsync("/api/addin/bat-requests", new { organisationId, logoHash, medium, from = from ?? now.AddHours(-1), to = to ?? now.AddDays(30), draft = draft ?? Html() }, token);
    }

    /// <summary>The coordinator asks UPS's correspondent to approve UPS's logo for e-mail; returns the request id.</summary>
    public async Task<string> CoordinatorAsksUpsAsync(DateTimeOffset? to = null)
    {
        var response = await RequestAsync(P.Coordinator, "ups", UpsLogo, to: to);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    public Task<HttpResponseMessage> DecideOverHttpAsync(string token, string id, string decision, string? comment = null) =>
        P.PostJsonAsync($"/api/partners/bat-requests/ups/{id}/decision", new { decision, comment }, token);

    public static Dictionary<string, string> Press(string id, string decision, string? comment = null, string org = "ups")
    {
        var data = new Dictionary<string, string> { [ApprovalCards.Inputs.Organisation] = org, [ApprovalCards.Inputs.Request] = id, [ApprovalCards.Inputs.Decision] = decision };
        if (comment is not null)
        {
            data[ApprovalCards.Inputs.Comment] = comment;
        }

        return data;
    }

    public Task<string> ClickAsync(Person who, string id, string decision, string? comment = null) =>
        WorkshopTestKit.InvokeAsync(S, who, "bat-card-" + Guid.NewGuid().ToString("N")[..6], ApprovalCards.Verb, Press(id, decision, comment));

    public Task DrainAsync() => WorkshopTestKit.DrainAsync(S);

    /// <summary>The texts of the cards sent into a person's chat so far.</summary>
    public List<string> CardsTo(Person person) =>
        [.. S.Connector.Calls.Where(c => c.Method == "POST" && c.ConversationId == Activities.ConversationIdOf(person) && c.Activity is not null).Select(c => c.CardText)];

    public T Service<T>()
        where T : notnull => S.App.Services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => P.DisposeAsync();
}
