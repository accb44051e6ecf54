from streamlit.testing.v1 import AppTest
at = AppTest.from_file("pages/3_Timelines.py", default_timeout=30)
at.query_params.update({"weeks": "6", "scorad": "70"})
at.run()
at.switch_page("2_Scenario_explorer.py").run()
print(at.exception, [t.value for t in at.title], [m.value for m in at.sidebar.markdown][:5])
