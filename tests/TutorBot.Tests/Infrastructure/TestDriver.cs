using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Delivery;
using TutorBot.Features.Programme;

namespace TutorBot.Tests.Infrastructure;

/// <summary>
/// The one way every feature's tests talk to the app: a person says something or clicks a card, the outbox runs
/// (by hand, one batch or until idle, or by the app's own worker), and the test reads what was posted to whom, on
/// the app's clock (a <see cref="SettableClock"/> or real time). TutoringHarness, WorkshopTestKit and the delivery
/// tests are thin layers over it.
/// </summary>
public sealed class TestDriver(StandIns s, TimeProvider? clock = null)
{
    public StandIns S => s;

    public TimeProvider Clock => clock ?? TimeProvider.System;

    public string ServiceUrl => s.Connector.ServiceUrl;

    /// <summary>How many connector calls so far: pass it to <see cref="PostsTo"/> to see only what came after.</summary>
    public int Mark => s.Connector.Calls.Count;

    /// <summary>A message from <paramref name="from"/> in their personal chat.</summary>
    public Task<HttpResponseMessage> SayAsync(Person from, string text, string locale = "fr-FR") =>
        s.App.PostActivityAsync(Activities.Message(ServiceUrl, from, text, locale));

    /// <summary>An Action.Execute click; the card (or message) the invoke answered with, as JSON. Asserts the invoke succeeded.</summary>
    public async Task<JsonElement> InvokeCardAsync(Person from, string cardId, string verb, IDictionary<string, string> data, string locale = "fr-FR")
    {
        var response = await s.App.PostActivityAsync(Activities.CardAction(ServiceUrl, from, cardId, verb, data, locale));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(200, body.GetProperty("statusCode").GetInt32());
        return body.GetProperty("value").Clone();
    }

    /// <summary>The same click; the texts of the card it answered with (or the message).</summary>
    public async Task<string> InvokeAsync(Person from, string cardId, string verb, IDictionary<string, string> data, string locale = "fr-FR") =>
        Texts(await InvokeCardAsync(from, cardId, verb, data, locale));

    public static string Texts(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : CardTexts.Of(value);

    /// <summary>One batch of the outbox, as the worker runs it (<paramref name="only"/>: the rows a test drives); how many rows it claimed.</summary>
    public async Task<int> RunOutboxOnceAsync(Func<OutboxRow, bool>? only = null, string owner = "test-worker")
    {
        await using var scope = s.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().RunOnceAsync(owner, only);
    }

    /// <summary>Batches until one claims nothing (at most <paramref name="maxBatches"/>).</summary>
    public async Task DrainOutboxAsync(Func<OutboxRow, bool>? only = null, int maxBatches = 20, string owner = "test-worker")
    {
        for (var batch = 0; batch < maxBatches && await RunOutboxOnceAsync(only, owner) > 0; batch++)
        {
        }
    }

    /// <summary>Waits for the app's own worker to run every row due now on <see cref="Clock"/>.</summary>
    public Task OutboxDrainedAsync(TimeSpan? timeout = null) => s.App.OutboxDrainedAsync(Clock.GetUtcNow(), timeout);

    /// <summary>Cards and messages posted to <paramref name="person"/>'s personal chat (opened by the bot or by them) since <paramref name="mark"/>.</summary>
    public List<ConnectorStandIn.Call> PostsTo(Person person, int mark = 0) =>
        [.. s.Connector.Calls.Skip(mark).Where(c => c.Method == "POST" && (c.ConversationId == "a:" + person.TeamsUserId || c.ConversationId == Activities.ConversationIdOf(person)))];

    /// <summary>Edits of earlier cards in <paramref name="person"/>'s chat since <paramref name="mark"/>.</summary>
    public List<ConnectorStandIn.Call> EditsTo(Person person, int mark = 0) =>
        [.. s.Connector.Calls.Skip(mark).Where(c => c.Method == "PUT" && (c.ConversationId == "a:" + person.TeamsUserId || c.ConversationId == Activities.ConversationIdOf(person)))];
}
