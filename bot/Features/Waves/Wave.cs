namespace TutorBot.Features.Waves;

/// <summary>Where a wave stands (the contract's wire values).</summary>
public static class WaveStates
{
    public const string Draft = "draft";
    public const string Scheduled = "scheduled";
    public const string Sending = "sending";
    public const string Paused = "paused";
    public const string Cancelled = "cancelled";
    public const string Done = "done";

    public static bool IsFinal(string state) => state is Cancelled or Done;
}

/// <summary>A text in French, and in English when the author gave one (else English readers get the French).</summary>
public sealed record WaveText(string Fr, string? En = null)
{
    public string For(string language) => language == "en" && !string.IsNullOrWhiteSpace(En) ? En : Fr;
}

/// <summary>
/// A reminder wave (vague de rappels): one card to every person of an audience, with up to three answers, sent now or
/// at a Paris time, and a second reminder after <see cref="NudgeAfterHours"/> to those who have not answered. The
/// record keeps its own rules: which transitions its state allows, and what a new wave must hold.
/// </summary>
public sealed record Wave(
    string Id,
    string Title,
    WaveText Message,
    IReadOnlyList<WaveText> Answers,
    WaveAudience Audience,
    int? NudgeAfterHours,
    string State,
    string CreatedBy,
    DateTimeOffset CreatedUtc,
    int Recipients)
{
    public const int MaxAnswers = 3;
    public const int MaxTitle = 200;
    public const int MaxAnswerLength = 60;
    public const int MaxNudgeHours = 24 * 14;

    public DateTimeOffset? SendAtUtc { get; init; }

    /// <summary>When sending began (the expansion): the progress card's ticks count from it.</summary>
    public DateTimeOffset? StartedUtc { get; init; }

    /// <summary>Every recipient row is written: a resume re-plans from them instead of resolving the audience again.</summary>
    public bool Expanded { get; init; }

    /// <summary>How many times it was resumed: each resume plans its own sweep rows.</summary>
    public int Resumes { get; init; }

    /// <summary>Where the sender talks to the bot: people with a Teams id but no stored chat get one opened there.</summary>
    public string? ServiceUrl { get; init; }

    public string? BotId { get; init; }

    public string? TenantId { get; init; }

    public Azure.ETag ETag { get; init; }

    /// <summary>The nudge's delay, when it has one.</summary>
    public TimeSpan? NudgeAfter => NudgeAfterHours is { } h ? TimeSpan.FromHours(h) : null;

    /// <summary>Whether the recipients' cards may go out now (the handlers' check, against a state at most seconds old).</summary>
    public bool IsSending => State == WaveStates.Sending;

    /// <summary>Checks what a new wave must hold; the keys name the request's fields.</summary>
    public static Dictionary<string, string[]> Validate(string? title, WaveText? message, IReadOnlyList<WaveText>? answers, int? nudgeAfterHours)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(title) || title.Length > MaxTitle)
        {
            errors["title"] = ["required, at most 200 characters"];
        }

        if (message is null || string.IsNullOrWhiteSpace(message.Fr))
        {
            errors["message.fr"] = ["required"];
        }

        if (answers is { Count: > MaxAnswers })
        {
            errors["answers"] = ["at most 3"];
        }
        else if (answers?.Any(a => string.IsNullOrWhiteSpace(a.Fr) || a.Fr.Length > MaxAnswerLength || a.En?.Length > MaxAnswerLength) == true)
        {
            errors["answers"] = ["each answer needs a French label of at most 60 characters"];
        }

        if (nudgeAfterHours is < 1 or > MaxNudgeHours)
        {
            errors["nudgeAfterHours"] = ["between 1 and 336, or null"];
        }

        return errors;
    }

    /// <summary>Send now (<paramref name="atUtc"/> null or past) or at a time: a draft only.</summary>
    public Wave? Send(DateTimeOffset now, DateTimeOffset? atUtc) => State != WaveStates.Draft
        ? null
        : atUtc is { } at && at > now
            ? this with { State = WaveStates.Scheduled, SendAtUtc = at }
            : this with { State = WaveStates.Sending, SendAtUtc = now };

    /// <summary>The due time has come: a scheduled wave starts sending (anything else stays as it is).</summary>
    public Wave Start(DateTimeOffset now) => State == WaveStates.Scheduled ? this with { State = WaveStates.Sending, StartedUtc = StartedUtc ?? now } : this with { StartedUtc = StartedUtc ?? now };

    public Wave? Pause() => State is WaveStates.Sending or WaveStates.Scheduled ? this with { State = WaveStates.Paused } : null;

    /// <summary>A paused wave sends again, or waits for its time if that has not come.</summary>
    public Wave? Resume(DateTimeOffset now) => State == WaveStates.Paused
        ? this with { State = SendAtUtc > now && StartedUtc is null ? WaveStates.Scheduled : WaveStates.Sending, Resumes = Resumes + 1 }
        : null;

    public Wave? Cancel() => WaveStates.IsFinal(State) ? null : this with { State = WaveStates.Cancelled };

    /// <summary>Every card went out (or was settled otherwise): only a sending wave ends.</summary>
    public Wave? Finish() => State == WaveStates.Sending && Expanded ? this with { State = WaveStates.Done } : null;

    /// <summary>The label of answer <paramref name="index"/>, or null when there is none.</summary>
    public WaveText? AnswerAt(int? index) => index is { } i && i >= 0 && i < Answers.Count ? Answers[i] : null;
}
