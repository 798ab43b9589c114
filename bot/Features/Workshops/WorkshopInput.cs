using System.Globalization;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Workshops;

/// <summary>A publish (or visit) form as submitted, checked before anything is stored; errors name a resource that says what to fix.</summary>
public sealed record WorkshopInput(string Type, IReadOnlyList<string> Schools, IReadOnlyList<string> Classes, DateTimeOffset StartUtc, int DurationMinutes, string Place, int Capacity, int SpeakersWanted)
{
    public const int TextMax = 200;
    public const int CapacityMax = 500;
    public const int SpeakersMax = 20;
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(366);

    public static WorkshopInput? Parse(CardActionRequest request, IReadOnlyList<School> schools, IReadOnlyList<SchoolClass> classes, DateTimeOffset now, out string? errorKey)
    {
        var type = request.Get(WorkshopCards.Inputs.Type);
        if (type is null || !WorkshopTypes.All.Contains(type))
        {
            errorKey = "Error_Type";
            return null;
        }

        if (ParseAudience(request, schools, classes, out errorKey) is not { } audience)
        {
            return null;
        }

        if (audience.Classes.Any(id => !WorkshopTypes.Admits(type, classes.First(c => c.Id == id))))
        {
            errorKey = "Error_CpgeOnly";
            return null;
        }

        if (ParseWhen(request, now, out errorKey) is not { } when)
        {
            return null;
        }

        var place = request.Get(WorkshopCards.Inputs.Place);
        if (place is null || place.Length > TextMax)
        {
            errorKey = "Error_Place";
            return null;
        }

        if (ParseInt(request.Get(WorkshopCards.Inputs.Capacity), 1, CapacityMax) is not { } capacity)
        {
            errorKey = "Error_Capacity";
            return null;
        }

        if (ParseInt(request.Get(WorkshopCards.Inputs.Speakers) ?? "0", 0, SpeakersMax) is not { } speakers)
        {
            errorKey = "Error_Speakers";
            return null;
        }

        return new WorkshopInput(type, audience.Schools, audience.Classes, when.Start, when.Duration, place, capacity, speakers);
    }

    /// <summary>Schools and invited classes: at least one of each, known, and every class in a chosen school.</summary>
    public static (IReadOnlyList<string> Schools, IReadOnlyList<string> Classes)? ParseAudience(CardActionRequest request, IReadOnlyList<School> schools, IReadOnlyList<SchoolClass> classes, out string? errorKey)
    {
        var schoolIds = List(request.Get(WorkshopCards.Inputs.Schools));
        if (schoolIds.Count == 0 || schoolIds.Any(id => schools.All(s => s.Id != id)))
        {
            errorKey = "Error_Schools";
            return null;
        }

        var classIds = List(request.Get(WorkshopCards.Inputs.Classes));
        if (classIds.Count == 0 || classIds.Any(id => classes.FirstOrDefault(c => c.Id == id) is not { } c || !schoolIds.Contains(c.SchoolId)))
        {
            errorKey = "Error_Classes";
            return null;
        }

        errorKey = null;
        return (schoolIds, classIds);
    }

    /// <summary>A future Paris date and time within a year, and a duration from the list.</summary>
    public static (DateTimeOffset Start, int Duration)? ParseWhen(CardActionRequest request, DateTimeOffset now, out string? errorKey)
    {
        var parsed = ParisInput.Parse(request.Get(WorkshopCards.Inputs.Date), request.Get(WorkshopCards.Inputs.Time), now, Horizon, out var error);
        if (parsed is not { } start)
        {
            errorKey = error switch
            {
                ParisInputError.Date => "Error_Date",
                ParisInputError.Time => "Error_Time",
                ParisInputError.Gap => "Error_TimeGap",
                _ => "Error_When",
            };
            return null;
        }

        if (ParseInt(request.Get(WorkshopCards.Inputs.Duration), 1, 24 * 60) is not { } duration || !WorkshopCards.Durations.Contains(duration))
        {
            errorKey = "Error_Duration";
            return null;
        }

        errorKey = null;
        return (start, duration);
    }

    public static List<string> List(string? csv) =>
        csv is null ? [] : [.. csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    private static int? ParseInt(string? text, int min, int max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value == Math.Floor(value) && value >= min && value <= max ? (int)value : null;
}
