namespace TutorBot.Features.Tutoring;

/// <summary>
/// Marker for <c>IStringLocalizer&lt;TutoringStrings&gt;</c>: the tutoring feature's own texts, TutoringStrings.resx
/// (French) and TutoringStrings.en.resx (English), beside the feature so other features' strings never collide.
/// </summary>
public sealed class TutoringStrings;
