namespace TutorBot.Features.Workshops;

/// <summary>Marker for <c>IStringLocalizer&lt;WorkshopStrings&gt;</c>: WorkshopStrings.resx is French, WorkshopStrings.en.resx English.</summary>
public sealed class WorkshopStrings;
