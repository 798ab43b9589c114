namespace TutorBot.Features.Waves;

public sealed record WaveCounts(int Recipients, int Queued, int Sent, int Answered, int Unreachable, int Failed, int Cancelled, int Nudged);

public sealed record ReasonCount(string Reason, int Count);

public sealed record AnswerCount(string Label, int Count);

public sealed record MinuteCount(DateTimeOffset MinuteUtc, int Sent);

/// <summary>
/// A wave's progress, derived from its recipient rows (never from an instance's memory, so two instances agree):
/// counts, reasons of the cards not sent, answers per label, and cards sent per minute.
/// </summary>
public sealed record WaveProgress(WaveCounts Counts, IReadOnlyList<ReasonCount> Reasons, IReadOnlyList<int> Answers, IReadOnlyList<MinuteCount> Timeline)
{
    /// <summary>Nothing left to send: every recipient is settled (an expanded wave only).</summary>
    public bool Settled => Counts.Queued == 0;

    public static WaveProgress Of(Wave wave, IReadOnlyCollection<WaveRecipient> recipients)
    {
        var cancelled = wave.State == WaveStates.Cancelled;
        int queued = 0, sent = 0, answered = 0, unreachable = 0, failed = 0, stopped = 0, nudged = 0;
        var answers = new int[wave.Answers.Count];
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var minutes = new SortedDictionary<DateTimeOffset, int>();
        foreach (var r in recipients)
        {
            switch (r.State)
            {
                case RecipientStates.Sent:
                    sent++;
                    if (r.SentUtc is { } at)
                    {
                        var minute = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
                        minutes[minute] = minutes.GetValueOrDefault(minute) + 1;
                    }

                    break;
                case RecipientStates.Unreachable:
                    unreachable++;
                    Count(reasons, r.Reason ?? "unreachable");
                    break;
                case RecipientStates.Failed or RecipientStates.Uncertain:
                    failed++;
                    Count(reasons, r.State == RecipientStates.Uncertain ? "uncertain: " + (r.Reason ?? "stopped while sending") : r.Reason ?? "failed");
                    break;
                case RecipientStates.Cancelled:
                    stopped++;
                    break;
                default:
                    // Queued or marked: while the wave runs it is on its way; once cancelled it never will be.
                    if (cancelled && r.State == RecipientStates.Queued)
                    {
                        stopped++;
                    }
                    else
                    {
                        queued++;
                    }

                    break;
            }

            if (r.Answer is { } a && a >= 0 && a < answers.Length)
            {
                answered++;
                answers[a]++;
            }

            if (r.NudgeState == RecipientStates.Sent)
            {
                nudged++;
            }
        }

        if (recipients.Count == 0 && !wave.Expanded)
        {
            // Not started: the audience as counted when the draft was made.
            (queued, stopped) = cancelled ? (0, wave.Recipients) : (wave.Recipients, 0);
        }

        var counts = new WaveCounts(recipients.Count == 0 && !wave.Expanded ? wave.Recipients : recipients.Count, queued, sent, answered, unreachable, failed, stopped, nudged);
        return new WaveProgress(
            counts,
            [.. reasons.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new ReasonCount(p.Key, p.Value))],
            answers,
            [.. minutes.Select(p => new MinuteCount(p.Key, p.Value))]);
    }

    private static void Count(Dictionary<string, int> reasons, string reason) => reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
}

/// <summary>
/// A wave's progress as counted at most <see cref="WaveStore.StateCacheFor"/> ago on this instance (on the app's
/// clock): a page polling every second costs one read of the recipient rows per two seconds per instance.
/// </summary>
public sealed class WaveProgressCache(WaveStore waves, TimeProvider clock)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (WaveProgress Progress, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async Task<WaveProgress> GetAsync(Wave wave, CancellationToken cancellationToken = default)
    {
        var key = wave.Id + "|" + wave.State;
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Progress;
        }

        var progress = WaveProgress.Of(wave, await waves.RecipientsAsync(wave.Id, cancellationToken));
        _cache[key] = (progress, now + WaveStore.StateCacheFor);
        return progress;
    }
}
