using System.Globalization;
using TutorBot.Cards;
using TutorBot.Conversation;

namespace TutorBot.Features.Tutoring;

/// <summary>A session time as a card submits it: Paris wall-clock date and time, checked before anything is stored.</summary>
public sealed record ProposalInput(DateTimeOffset StartUtc, int DurationMinutes, string Place, string? PlaceDetail)
{
    /// <summary>Slots 2 and 3, when the tutor offered more than one time.</summary>
    public IReadOnlyList<DateTimeOffset> OtherSlots { get; init; } = [];


    public static readonly int[] Durations = [30, 45, 60, 90, 120];
    public const int PlaceDetailMaxLength = 200;
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(366);

    /// <summary>Reads the form; on failure, <paramref name="errorKey"/> names the resource that says what to fix.</summary>
    public static ProposalInput? Parse(CardActionRequest request, DateTimeOffset now, out string? errorKey) => Parse(request, now, out errorKey, out _);

    /// <param name="errorSlot">When the error is in slot 2 or 3: which one.</param>
    public static ProposalInput? Parse(CardActionRequest request, DateTimeOffset now, out string? errorKey, out int? errorSlot)
    {
        errorSlot = null;
        if (ParseStart(request.Get(TutoringCards.Inputs.Date), request.Get(TutoringCards.Inputs.Time), now, out errorKey) is not { } start)
        {
            return null;
        }

        if (!int.TryParse(request.Get(TutoringCards.Inputs.Duration), NumberStyles.None, CultureInfo.InvariantCulture, out var duration) || !Durations.Contains(duration))
        {
            errorKey = "Propose_Error_Duration";
            return null;
        }

        var place = request.Get(TutoringCards.Inputs.Place);
        if (place is null || !Places.All.Contains(place))
        {
            errorKey = "Propose_Error_Place";
            return null;
        }

        var detail = request.Get(TutoringCards.Inputs.PlaceDetail);
        if (detail is null && place != Places.Teams)
        {
            errorKey = "Propose_Error_PlaceDetail";
            return null;
        }

        if (detail?.Length > PlaceDetailMaxLength)
        {
            errorKey = "Propose_Error_PlaceDetailLength";
            return null;
        }

        var others = new List<DateTimeOffset>();
        foreach (var (n, dateKey, timeKey) in new[] { (2, TutoringCards.Inputs.Date2, TutoringCards.Inputs.Time2), (3, TutoringCards.Inputs.Date3, TutoringCards.Inputs.Time3) })
        {
            var dateText = request.Get(dateKey);
            var timeText = request.Get(timeKey);
            if (dateText is null && timeText is null)
            {
                continue;
            }

            if (dateText is null || timeText is null)
            {
                errorKey = "Propose_Error_SlotIncomplete";
                errorSlot = n;
                return null;
            }

            if (ParseStart(dateText, timeText, now, out var slotError) is not { } slot)
            {
                errorKey = slotError;
                errorSlot = n;
                return null;
            }

            if (slot == start || others.Contains(slot))
            {
                errorKey = "Propose_Error_SlotTwice";
                return null;
            }

            others.Add(slot);
        }

        errorKey = null;
        return new ProposalInput(start, duration, place, detail) { OtherSlots = others };
    }

    /// <summary>A future Paris date and time within a year, as UTC.</summary>
    public static DateTimeOffset? ParseStart(string? dateText, string? timeText, DateTimeOffset now, out string? errorKey)
    {
        var start = ParisInput.Parse(dateText, timeText, now, Horizon, out var error);
        errorKey = error switch
        {
            ParisInputError.None => null,
            ParisInputError.Date => "Propose_Error_Date",
            ParisInputError.Time => "Propose_Error_Time",
            ParisInputError.Gap => "Propose_Error_TimeGap",
            ParisInputError.Past => "Propose_Error_Past",
            _ => "Propose_Error_TooFar",
        };
        return start;
    }
}
