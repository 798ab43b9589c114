using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using TutorBot.Privacy;

namespace TutorBot.Features.Waves;

/// <summary>
/// A person's wave rows: as a recipient, one row per wave (state, times, answer), re-keyed to the anonymous id on
/// erasure so the wave's counts stay right; as an author, the waves' <c>CreatedBy</c> takes the anonymous id. The
/// waves' own text (title, message, answers) is the programme's, not the person's. Safe to repeat.
/// </summary>
public sealed class WavesPersonalData(WaveStore waves) : IPersonalData
{
    public string Name => "waves";

    public async Task<JsonNode?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        var rows = new JsonArray();
        foreach (var wave in await waves.ListAsync(cancellationToken))
        {
            foreach (var id in subject.PersonIds)
            {
                if (await waves.GetRecipientAsync(wave.Id, id, cancellationToken) is { } r)
                {
                    rows.Add(new JsonObject
                    {
                        ["wave"] = wave.Id,
                        ["title"] = wave.Title,
                        ["state"] = r.State.Length == 0 ? "queued" : r.State,
                        ["sentUtc"] = r.SentUtc,
                        ["answer"] = wave.AnswerAt(r.Answer)?.Fr,
                        ["answeredUtc"] = r.AnsweredUtc,
                        ["nudged"] = r.NudgeState == RecipientStates.Sent,
                    });
                }
            }

            if (subject.Is(wave.CreatedBy))
            {
                rows.Add(new JsonObject { ["wave"] = wave.Id, ["title"] = wave.Title, ["createdUtc"] = wave.CreatedUtc, ["author"] = true });
            }
        }

        return rows.Count > 0 ? rows : null;
    }

    public async Task EraseAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        foreach (var wave in await waves.ListAsync(cancellationToken))
        {
            foreach (var id in subject.PersonIds)
            {
                if (await waves.GetRecipientAsync(wave.Id, id, cancellationToken) is not { } r)
                {
                    continue;
                }

                // Anonymous copy first (counted once either way), then the row naming the person.
                r.RowKey = WaveRecipient.Row(subject.AnonymousId);
                r.Roster = null;
                r.ActivityId = null;
                await waves.Client.UpsertEntityAsync(r, TableUpdateMode.Replace, cancellationToken);
                try
                {
                    await waves.Client.DeleteEntityAsync(WaveRecipient.Partition(wave.Id), WaveRecipient.Row(id), ETag.All, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    // Deleted by an earlier run.
                }
            }

            if (subject.Is(wave.CreatedBy))
            {
                var anonymous = wave with { CreatedBy = subject.AnonymousId };
                await waves.TryReplaceAsync(anonymous, cancellationToken);
            }
        }
    }
}
