namespace TutorBot.Features.Identity;

/// <summary>The linking's texts: IdentityStrings.resx (French) and IdentityStrings.en.resx (English).</summary>
public sealed class IdentityStrings;
