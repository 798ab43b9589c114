using Azure;
using Azure.Data.Tables;
using TutorBot.Conversation;

namespace TutorBot.Features.Workshops;

/// <summary>The cards sent about a workshop, one row per recipient and card (see <see cref="SentCard"/>).</summary>
public sealed partial class WorkshopStore
{
    /// <summary>Adds the "sending" row; false when the card is sent, being sent, or was left mid-send.</summary>
    public async Task<bool> TryClaimSendAsync(string workshopId, string what, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        try
        {
            await Workshops.AddEntityAsync(new SentCard { PartitionKey = ConversationStore.Key(workshopId), RowKey = SentCard.Key(what), ClaimedUtc = now }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<SentCard?> GetSentAsync(string workshopId, string what, CancellationToken cancellationToken = default)
    {
        var response = await Workshops.GetEntityIfExistsAsync<SentCard>(ConversationStore.Key(workshopId), SentCard.Key(what), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    public Task RecordSentAsync(string workshopId, string what, string status, string? activityId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Workshops.UpsertEntityAsync(
            new SentCard { PartitionKey = ConversationStore.Key(workshopId), RowKey = SentCard.Key(what), Status = status, ActivityId = activityId, ClaimedUtc = now },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>Lets go of a claim whose send certainly did not happen, so the row's next try sends.</summary>
    public async Task ReleaseSendAsync(string workshopId, string what, CancellationToken cancellationToken = default)
    {
        try
        {
            await Workshops.DeleteEntityAsync(ConversationStore.Key(workshopId), SentCard.Key(what), ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }
}
