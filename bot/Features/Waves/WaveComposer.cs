using System.Globalization;
using System.Security.Cryptography;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Waves;

/// <summary>What the author asks for (from the API's body or the compose card).</summary>
public sealed record WaveDraft(string? Title, WaveText? Message, IReadOnlyList<WaveText>? Answers, WaveAudience? Audience, int? NudgeAfterHours);

public enum ComposeOutcome
{
    Created,
    Invalid,
    Forbidden,
    Unknown,
    TooLarge,
}

public sealed record ComposeResult(ComposeOutcome Outcome, Wave? Wave = null, Dictionary<string, string[]>? Errors = null, int Bytes = 0);

/// <summary>
/// Creating a wave and moving it through its states, for the API and the bot's compose card alike. Each change is
/// one write under the wave's ETag; the outbox row that carries it out is planned just before, due a little later,
/// and dropped when it finds the change did not happen.
/// </summary>
public sealed class WaveComposer(WaveStore waves, WavePeople people, OutboxStore outbox, ProgrammeStore programme, ConversationStore conversations, TimeProvider clock)
{
    /// <summary>How long after a send or resume its outbox row runs: the state's write has landed (or lost) by then.</summary>
    public static readonly TimeSpan CommitDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Checks and stores a new wave: a draft, or — from the bot's compose card, <paramref name="sendFrom"/> being the
    /// author's chat — a wave already sending, in one insert after its expansion row is planned.
    /// </summary>
    public async Task<ComposeResult> CreateAsync(WaveAuthor author, WaveDraft draft, CancellationToken cancellationToken = default, Protocol.Connector.ConversationRef? sendFrom = null)
    {
        var errors = Wave.Validate(draft.Title, draft.Message, draft.Answers, draft.NudgeAfterHours);
        if (draft.Audience is null)
        {
            errors["audience"] = ["required"];
        }
        else if (draft.Audience.Problem() is { } problem)
        {
            errors[problem.Field] = [problem.Why];
        }

        if (errors.Count > 0)
        {
            return new ComposeResult(ComposeOutcome.Invalid, Errors: errors);
        }

        var audience = draft.Audience!;
        var classSchool = audience.Kind == AudienceKinds.Class ? await people.SchoolOfClassAsync(audience.ClassId!, cancellationToken) : null;
        var earlier = audience.Kind == AudienceKinds.NonResponders ? await waves.GetAsync(audience.WaveId!, cancellationToken) : null;
        if (!author.MaySend(audience, c => c == audience.ClassId ? classSchool : null, earlier))
        {
            return new ComposeResult(ComposeOutcome.Forbidden);
        }

        if (await people.ResolveAsync(audience, cancellationToken) is not { } recipients)
        {
            var field = audience.Kind switch
            {
                AudienceKinds.School => "audience.schoolId",
                AudienceKinds.Class => "audience.classId",
                AudienceKinds.Workshop => "audience.workshopId",
                _ => "audience.waveId",
            };
            return new ComposeResult(ComposeOutcome.Unknown, Errors: new() { [field] = ["unknown"] });
        }

        var now = clock.GetUtcNow();
        var wave = new Wave(NewId(now), draft.Title!.Trim(), Clean(draft.Message!), [.. (draft.Answers ?? []).Select(Clean)], audience, draft.NudgeAfterHours, WaveStates.Draft, author.PersonId, now, recipients.Count) { TenantId = author.TenantId };
        var largest = new[] { Culture.French, CultureInfo.GetCultureInfo("en") }.Max(c => WaveCards.LargestBytes(wave, c));
        if (largest > AdaptiveCard.MaxMessageBytes)
        {
            return new ComposeResult(ComposeOutcome.TooLarge, Bytes: largest);
        }

        if (sendFrom is not null)
        {
            wave = wave with { State = WaveStates.Sending, SendAtUtc = now, ServiceUrl = sendFrom.ServiceUrl, BotId = sendFrom.BotId, TenantId = sendFrom.TenantId };
            await outbox.PlanAsync(WaveRows.ExpandRow(wave, now + CommitDelay), cancellationToken);
        }

        await waves.AddAsync(wave, cancellationToken);
        return new ComposeResult(ComposeOutcome.Created, wave);
    }

    /// <summary>Sends a draft now or at <paramref name="atUtc"/>; null when its state does not allow it or it changed meanwhile.</summary>
    public async Task<Wave?> SendAsync(Wave wave, DateTimeOffset? atUtc, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (wave.Send(now, atUtc) is not { } sending)
        {
            return null;
        }

        // Where the sender talks to the bot (else anyone in the tenant): chats are opened there for people the bot
        // knows but never talked to, and again for a chat Teams lost.
        var sender = await programme.GetAsync(wave.CreatedBy, cancellationToken);
        var chat = sender is { AadObjectId: { } aad } ? await conversations.FindAsync(sender.TenantId, aad, cancellationToken) : null;
        var endpoint = chat is { Reference: { BotId: { } botId } reference } ? (reference.ServiceUrl, botId)
            : (sender?.TenantId ?? wave.TenantId) is { } tenant ? await conversations.AnyEndpointAsync(tenant, cancellationToken) : null;
        sending = sending with { ServiceUrl = endpoint?.ServiceUrl, BotId = endpoint?.BotId, TenantId = sender?.TenantId ?? wave.TenantId };
        await outbox.PlanAsync(WaveRows.ExpandRow(sending, sending.State == WaveStates.Scheduled ? sending.SendAtUtc!.Value : now + CommitDelay), cancellationToken);
        return await waves.TryReplaceAsync(sending, cancellationToken) ? sending : null;
    }

    public async Task<Wave?> PauseAsync(Wave wave, CancellationToken cancellationToken = default) =>
        wave.Pause() is { } paused && await waves.TryReplaceAsync(paused, cancellationToken) ? paused : null;

    public async Task<Wave?> CancelAsync(Wave wave, CancellationToken cancellationToken = default) =>
        wave.Cancel() is { } cancelled && await waves.TryReplaceAsync(cancelled, cancellationToken) ? cancelled : null;

    /// <summary>
    /// Resumes a paused wave: two sweeps re-plan what is not settled, one soon and one after every instance's cache
    /// has seen the resume (a card row dropped on a pause read just before it is planned again by the second).
    /// </summary>
    public async Task<Wave?> ResumeAsync(Wave wave, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (wave.Resume(now) is not { } resumed)
        {
            return null;
        }

        var first = resumed.State == WaveStates.Scheduled ? resumed.SendAtUtc!.Value : now + CommitDelay;
        await outbox.PlanAsync([WaveRows.ExpandRow(resumed, first), WaveRows.ExpandRow(resumed, first + (WaveStore.StateCacheFor * 5) + CommitDelay, sweep: 1)], cancellationToken);
        return await waves.TryReplaceAsync(resumed, cancellationToken) ? resumed : null;
    }

    /// <summary>Sortable by creation, unguessable enough to be no index of anything.</summary>
    private static string NewId(DateTimeOffset now) =>
        "w" + now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    private static WaveText Clean(WaveText t) => new(t.Fr.Trim(), string.IsNullOrWhiteSpace(t.En) ? null : t.En.Trim());
}
