using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using TutorBot.Conversation;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Waves;
using TutorBot.Protocol.Connector;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Roster;

namespace TutorBot.Tests.Waves.Scale;

/// <summary>A run's wave: its audience seeded in storage, composed and sent through <c>/api/waves</c> of one instance.</summary>
public sealed partial class ScaleRun
{
    /// <summary>
    /// <paramref name="count"/> people of the programme (three students to a tutor), each with a stored chat (as after
    /// their first message), so a wave to everyone reaches them without creating a conversation.
    /// </summary>
    public async Task SeedAudienceAsync(int count, int parallelism = 8)
    {
        var programme = new ProgrammeStore(Tables, new MemoryCache(new MemoryCacheOptions()));
        var conversations = new ConversationStore(Tables);
        var first = _recipients.Count;
        var seeded = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(first, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var person = new Person($"sw-{i:D5}", i % 4 == 0 ? Roles.Tutor : Roles.Student, $"Personne {i}", DemoData.TenantId, $"sw-aad-{i:D5}", $"29:sw-{i:D5}");
            await programme.UpsertAsync(person, ct);
            var chat = new ConversationRef(Connector.ServiceUrl, "a:" + person.TeamsUserId, person.TenantId, person.TeamsUserId, "28:" + BotApplication.AppId);
            await conversations.SaveAsync(person.TenantId, person.AadObjectId!, chat, i % 5 == 0 ? "en-US" : "fr-FR", ct);
            seeded[i - first] = chat.ConversationId;
        });
        _recipients.AddRange(seeded);
        Mark($"seeded {count}");
    }

    /// <summary>Composes a wave to everyone as the coordinator and sends it now, through <paramref name="via"/>; returns its id.</summary>
    public async Task<string> SendWaveAsync(BotProcess via)
    {
        var body = new
        {
            title = "Semaine des ateliers",
            message = new { fr = "Les ateliers commencent demain à 14 h.", en = "Workshops start tomorrow at 2 pm." },
            answers = new[] { new { fr = "Je serai là", en = "I'll be there" }, new { fr = "Je ne peux pas venir", en = "I can't come" } },
            audience = new { kind = AudienceKinds.Everyone },
            nudgeAfterHours = (int?)null,
        };
        var created = await CoordinatorAsync(via, HttpMethod.Post, "api/waves", body);
        var id = created.GetProperty("id").GetString()!;
        await CoordinatorAsync(via, HttpMethod.Post, $"api/waves/{id}/send", new { at = (string?)null });
        Mark("wave sent");
        return id;
    }

    public async Task CancelWaveAsync(BotProcess via, string waveId)
    {
        await CoordinatorAsync(via, HttpMethod.Post, $"api/waves/{waveId}/cancel", null);
        Mark("wave cancelled");
    }

    /// <summary>The wave's recipient rows, as the coordinator's counts derive them.</summary>
    public Task<IReadOnlyList<WaveRecipient>> WaveRecipientsAsync(string waveId) =>
        new WaveStore(Tables, TimeProvider.System).RecipientsAsync(waveId);

    /// <summary>Waits until every seeded recipient's card is settled (sent, unreachable, failed, uncertain or cancelled).</summary>
    public async Task<TimeSpan> WaitWaveSettledAsync(string waveId, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var rows = await WaveRecipientsAsync(waveId);
            if (rows.Count >= _recipients.Count && rows.All(r => RecipientStates.IsFinal(r.State)))
            {
                Mark("wave settled");
                return clock.Elapsed;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"wave not settled after {timeout.TotalSeconds:0} s: {rows.Count} rows, {rows.Count(r => !RecipientStates.IsFinal(r.State))} unsettled, {Delivered()} delivered");
            }

            await Task.Delay(1000);
        }
    }

    /// <summary>What each recipient got against the wave's own record of each card.</summary>
    public async Task<ScaleTally> WaveTallyAsync(string waveId)
    {
        var cards = Connector.Activities.Where(a => a.Update is null).GroupBy(a => a.ConversationId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var rows = (await WaveRecipientsAsync(waveId)).ToDictionary(r => "a:29:" + r.PersonId, StringComparer.Ordinal);
        int Got(string r) => cards.TryGetValue(r, out var n) ? n : 0;
        string? State(string r) => rows.TryGetValue(r, out var row) ? row.State : null;
        var reasons = rows.Values.Where(r => r.State is not (RecipientStates.Sent or RecipientStates.Queued))
            .GroupBy(r => $"{r.State}: {r.Reason}").Select(g => $"{g.Count()} × {g.Key}");
        return new ScaleTally(
            Recipients: _recipients.Count,
            ExactlyOne: _recipients.Count(r => Got(r) == 1),
            Duplicates: _recipients.Sum(r => Math.Max(0, Got(r) - 1)),
            Lost: _recipients.Count(r => Got(r) == 0 && State(r) is not (RecipientStates.Uncertain or RecipientStates.Unreachable or RecipientStates.Failed or RecipientStates.Cancelled)),
            Uncertain: _recipients.Count(r => State(r) == RecipientStates.Uncertain),
            UncertainButDelivered: _recipients.Count(r => State(r) == RecipientStates.Uncertain && Got(r) > 0),
            Never: _recipients.Count(r => State(r) is RecipientStates.Unreachable or RecipientStates.Failed),
            Throttled: Connector.Refusals.Count,
            Failed: Connector.Failed,
            Slow: Connector.Slow,
            Unauthorized: Connector.Unauthorized,
            Interrupted: rows.Values.Count(r => r.State == RecipientStates.Uncertain && r.Reason == "stopped while sending"),
            Reasons: string.Join("; ", reasons));
    }

    private async Task<JsonElement> CoordinatorAsync(BotProcess via, HttpMethod method, string path, object? body)
    {
        using var http = new HttpClient { BaseAddress = via.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        var token = Issuer.UserToken(BotApplication.BotTenant, "oid-scale-coordinator", RosterKit.Audience, RosterKit.CoordinatorLogin);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}\n{via.Tail()}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
