using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TutorBot.Cards;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Protocol.Schema;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Tutoring.TutoringHarness;

namespace TutorBot.Tests.Tutoring;

/// <summary>A long history is paged ("older sessions") and every page stays within Teams' message budget.</summary>
[TestClass]
[DoNotParallelize]
public sealed class HistoryPagingTests
{
    [TestMethod]
    public async Task ALongHistoryIsPagedAndEveryPageStaysUnderTheBudget()
    {
        await using var h = await TutoringHarness.StartAsync();
        const int count = 60;
        var table = h.S.App.Table(SessionStore.Table);
        for (var i = 0; i < count; i++)
        {
            // Each session at its longest: a cancellation reason and a rating comment of the maximum length.
            await table.AddEntityAsync(new TutoringSession
            {
                PartitionKey = DemoData.Student.Id,
                RowKey = "past-" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture),
                TutorId = DemoData.Tutor.Id,
                StartUtc = Start.AddDays(-1 - i),
                DurationMinutes = 60,
                CreatedUtc = Start.AddDays(-30 - i),
                Status = SessionStatus.Cancelled,
                Reason = new string('"', TutoringCards.ReasonMaxLength),
                Rating = 3,
                RatingComment = new string('"', TutoringCards.CommentMaxLength),
                LoggedTopics = string.Join(',', Topics.All),
            });
        }

        var response = await h.S.App.PostActivityAsync(Activities.Message(h.Url, DemoData.Tutor, "historique"));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var first = h.PostsTo(DemoData.Tutor).Single();
        AssertFits(first.Activity!);
        var seen = Lines(first.CardText);
        var card = JsonSerializer.SerializeToElement(first.Activity!.Attachments![0].Content, ProtocolJson.Options);
        for (var page = 0; page < 10 && Older(card) is { } older; page++)
        {
            var next = await h.S.App.PostActivityAsync(Activities.CardAction(h.Url, DemoData.Tutor, first.ActivityId!, older.Verb, older.Data));
            var body = await next.Content.ReadFromJsonAsync<JsonElement>();
            Assert.AreEqual(AdaptiveCardInvokeResponse.CardType, body.GetProperty("type").GetString());
            card = body.GetProperty("value");
            Assert.IsLessThanOrEqualTo(AdaptiveCard.MaxMessageBytes, card.GetRawText().Length * sizeof(char), "each page within the budget");
            seen += Lines(CardTexts.Of(card));
        }

        Assert.AreEqual(count, seen, "every session is reachable, page after page");
    }

    private static void AssertFits(Activity activity) =>
        Assert.IsLessThanOrEqualTo(AdaptiveCard.MaxMessageBytes, JsonSerializer.Serialize(activity, ProtocolJson.Options).Length * sizeof(char));

    /// <summary>Sessions shown on a page: one reason line each.</summary>
    private static int Lines(string texts) => texts.Split('\n').Count(t => t.Contains(new string('"', TutoringCards.ReasonMaxLength), StringComparison.Ordinal) && !t.Contains(new string('"', TutoringCards.CommentMaxLength), StringComparison.Ordinal));

    private static (string Verb, Dictionary<string, string> Data)? Older(JsonElement card)
    {
        if (!card.TryGetProperty("actions", out var actions))
        {
            return null;
        }

        foreach (var action in actions.EnumerateArray())
        {
            if (action.GetProperty("title").GetString() == Text("History_Older"))
            {
                return (action.GetProperty("verb").GetString()!, action.GetProperty("data").Deserialize<Dictionary<string, string>>()!);
            }
        }

        return null;
    }
}
