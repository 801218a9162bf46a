from bot.launch import run

run()
