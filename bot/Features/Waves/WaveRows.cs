using System.Globalization;
using System.Text.Json;
using TutorBot.Delivery;

namespace TutorBot.Features.Waves;

/// <summary>
/// The outbox kinds of waves and their rows. Keys say what a row is, and due times and groups are fixed by the wave
/// (its send time, the recipient's chunk), so planning a row again — a resume, a rerun after a crash — writes the
/// same entity instead of a second one.
/// </summary>
public static class WaveRows
{
    /// <summary>One recipient's card (<c>wave/{id}/{personId}</c>).</summary>
    public const string Card = "wave.card";

    /// <summary>One recipient's second reminder (<c>wave/{id}/{personId}/nudge</c>), sent only if they have not answered.</summary>
    public const string Nudge = "wave.nudge";

    /// <summary>Resolves the audience, writes the recipients and plans their rows; on resume, re-plans what is left.</summary>
    public const string Expand = "wave.expand";

    /// <summary>The sender's progress card, sent then edited every <see cref="ProgressEvery"/> while the wave runs.</summary>
    public const string Progress = "wave.progress";

    /// <summary>Recipients per chunk: their rows share an outbox partition and are written in one transaction.</summary>
    public const int ChunkSize = 100;

    public static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    public static OutboxRow CardRow(Wave wave, WaveRecipient r, string? fallbackTenant) => OutboxRow.Create(
        Card, $"wave/{wave.Id}/{r.PersonId}", wave.SendAtUtc ?? wave.CreatedUtc, wave.TenantId ?? fallbackTenant, r.PersonId, Payload(wave.Id), group: $"wave/{wave.Id}/{r.Chunk}");

    public static OutboxRow NudgeRow(Wave wave, WaveRecipient r, string? fallbackTenant) => OutboxRow.Create(
        Nudge, $"wave/{wave.Id}/{r.PersonId}/nudge", (wave.SendAtUtc ?? wave.CreatedUtc) + (wave.NudgeAfter ?? TimeSpan.Zero), wave.TenantId ?? fallbackTenant, r.PersonId, Payload(wave.Id), group: $"wave/{wave.Id}/n{r.Chunk}");

    /// <summary>The expansion of a send (<paramref name="sweep"/> 0) or a resume's sweeps (a second one catches rows a stale pause check dropped).</summary>
    public static OutboxRow ExpandRow(Wave wave, DateTimeOffset due, int sweep = 0) => OutboxRow.Create(
        Expand, $"wave/{wave.Id}/expand/{wave.Resumes.ToString(CultureInfo.InvariantCulture)}/{sweep.ToString(CultureInfo.InvariantCulture)}", due, wave.TenantId, null, Payload(wave.Id), group: $"wave/{wave.Id}");

    /// <summary>Tick <paramref name="tick"/> of the progress card: due a fixed time after the start, so two runs of a tick plan the same next one.</summary>
    public static OutboxRow ProgressRow(Wave wave, int tick, string? fallbackTenant) => OutboxRow.Create(
        Progress, $"wave/{wave.Id}/progress/{tick.ToString(CultureInfo.InvariantCulture)}", (wave.StartedUtc ?? wave.SendAtUtc ?? wave.CreatedUtc) + (ProgressEvery * tick), wave.TenantId ?? fallbackTenant, wave.CreatedBy, Payload(wave.Id, tick), group: $"wave/{wave.Id}/progress");

    /// <summary>The next tick after <paramref name="tick"/> that is not already past at <paramref name="now"/>.</summary>
    public static int NextTick(Wave wave, int tick, DateTimeOffset now)
    {
        var start = wave.StartedUtc ?? wave.SendAtUtc ?? wave.CreatedUtc;
        var elapsed = (int)Math.Floor((now - start) / ProgressEvery);
        return Math.Max(tick + 1, elapsed + 1);
    }

    public static string Payload(string waveId, int? tick = null) => JsonSerializer.Serialize(new WavePayload(waveId, tick), PayloadJson);

    public static WavePayload? Read(OutboxRow row)
    {
        try
        {
            return row.Payload is null ? null : JsonSerializer.Deserialize<WavePayload>(row.Payload, PayloadJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
}

/// <summary>What a wave row carries: the wave's id (and a progress tick's number); never text or names.</summary>
public sealed record WavePayload(string WaveId, int? Tick = null);
